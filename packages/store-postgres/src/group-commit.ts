import type pg from 'pg';

/**
 * One write: a single statement, and what its result means (the write's value, or a port error
 * it throws, such as `AppendConflict` when the optimistic check matched no row). A write never
 * fails inside the database for a reason of its own: conflicts show as row counts, not errors, so
 * one write's outcome never aborts the transaction the others share.
 */
export interface PgWrite<T> {
  readonly query: pg.QueryConfig;
  readonly interpret: (result: pg.QueryResult) => T;
}

interface PendingWrite {
  readonly write: PgWrite<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** The default bound on the writes one transaction carries. */
export const defaultMaxGroupSize = 256;

/** Transactions in flight at once: more connections than this stay free for reads. */
const MAX_GROUPS_IN_FLIGHT = 8;

/**
 * Group commit over a pg pool: writes that arrive while earlier groups are committing wait, and
 * then run together in ONE transaction on one connection, so that a burst of appends to different
 * executions costs one commit (one WAL flush) instead of one each. A write resolves only once its
 * transaction committed. A lone write runs as a statement of its own (autocommit), with no BEGIN
 * or COMMIT round trip. When a group fails as a whole (the connection dropped, the server
 * refused), its writes run again one by one, so that each fails or succeeds alone.
 */
export class PgGroupCommit {
  readonly #pool: pg.Pool;
  readonly #maxGroupSize: number;
  #queue: PendingWrite[] = [];
  #inFlight = 0;
  #scheduled = false;

  constructor(pool: pg.Pool, maxGroupSize = defaultMaxGroupSize) {
    this.#pool = pool;
    this.#maxGroupSize = Math.max(1, Math.trunc(maxGroupSize));
  }

  enqueue<T>(write: PgWrite<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ write, resolve: resolve as (value: unknown) => void, reject });
      this.#schedule();
    });
  }

  // setImmediate: the writes made in this event-loop turn (one decide of several executions, the
  // replies of one read) join one group.
  #schedule(): void {
    if (this.#scheduled || this.#inFlight >= MAX_GROUPS_IN_FLIGHT || this.#queue.length === 0) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      // The queued writes are spread over every free connection: a group's statements run one
      // after another, so several smaller groups in parallel commit sooner than one large one.
      const free = MAX_GROUPS_IN_FLIGHT - this.#inFlight;
      const size = Math.min(this.#maxGroupSize, Math.ceil(this.#queue.length / Math.max(1, free)));
      while (this.#inFlight < MAX_GROUPS_IN_FLIGHT && this.#queue.length > 0) {
        const group = this.#queue.slice(0, size);
        this.#queue = this.#queue.slice(group.length);
        this.#inFlight += 1;
        void this.#run(group).finally(() => {
          this.#inFlight -= 1;
          this.#schedule();
        });
      }
    });
  }

  async #run(group: readonly PendingWrite[]): Promise<void> {
    if (group.length === 1 && group[0] !== undefined) return this.#runAlone(group[0]);
    let results: pg.QueryResult[];
    try {
      results = await this.#transaction(group);
    } catch {
      // Which write (if any) broke the group is unknown: each runs again on its own.
      await Promise.all(group.map((pending) => this.#runAlone(pending)));
      return;
    }
    group.forEach((pending, index) => settle(pending, results[index]));
  }

  async #transaction(group: readonly PendingWrite[]): Promise<pg.QueryResult[]> {
    const client = await this.#pool.connect();
    let broken: unknown;
    try {
      await client.query('begin');
      const results: pg.QueryResult[] = [];
      try {
        for (const { write } of group) results.push(await client.query(write.query));
        await client.query('commit');
      } catch (error) {
        broken = error;
        await client.query('rollback').catch((rollbackError: unknown) => {
          broken = rollbackError;
        });
        throw error;
      }
      return results;
    } finally {
      // A connection a group failed on may be broken: the pool drops it rather than reuse it.
      client.release(broken instanceof Error ? broken : undefined);
    }
  }

  async #runAlone(pending: PendingWrite): Promise<void> {
    let result: pg.QueryResult;
    try {
      result = await this.#pool.query(pending.write.query);
    } catch (error) {
      pending.reject(error);
      return;
    }
    settle(pending, result);
  }
}

function settle(pending: PendingWrite, result: pg.QueryResult | undefined): void {
  try {
    if (result === undefined) throw new Error('A write of the group has no result');
    pending.resolve(pending.write.interpret(result));
  } catch (error) {
    pending.reject(error);
  }
}
