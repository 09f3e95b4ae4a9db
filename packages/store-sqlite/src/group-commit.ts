import type BetterSqlite3 from 'better-sqlite3';

/** The transaction control statements a group commit runs on its one connection. */
export interface GroupTransaction {
  /** Opens the group's transaction, taking the write lock (`BEGIN IMMEDIATE`). */
  begin(): void;
  commit(): void;
  rollback(): void;
  /** Opens one write's savepoint inside the transaction. */
  savepoint(): void;
  /** Ends the savepoint, keeping what the write did. */
  release(): void;
  /** Undoes what the write did since its savepoint (the savepoint itself stays open). */
  rollbackToSavepoint(): void;
  /** False once SQLite has rolled the transaction back on its own (an I/O error, a full disk …). */
  readonly inTransaction: boolean;
}

/** A queued write: synchronous statements on the connection, and its caller's promise. */
interface PendingWrite {
  readonly run: () => void;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** The default bound on the writes one transaction carries, which bounds a write's wait. */
export const defaultMaxGroupSize = 256;

/**
 * Group commit on one SQLite connection: the writes queued while the connection is busy (or in
 * the same event-loop turn) run in ONE immediate transaction, each inside a savepoint of its own,
 * and one COMMIT (one sync of the log, with `synchronous=FULL`) makes all of them durable.
 *
 * - A write that throws is rolled back to its savepoint and rejects alone; the rest commit.
 * - A write resolves only after the COMMIT returned, so a resolved write is on disk.
 * - When BEGIN or COMMIT fails (or SQLite rolls the transaction back on its own), every write
 *   of the group rejects and none of them is stored.
 * - Writes run in the order they were queued, so a write sees every write queued before it
 *   (in the same group, through the open transaction).
 *
 * A group runs synchronously from BEGIN to COMMIT, so nothing else on the connection (a read
 * through Kysely, say) can see a half-done group.
 */
export class GroupCommit {
  readonly #transaction: GroupTransaction;
  readonly #maxGroupSize: number;
  #queue: PendingWrite[] = [];
  #flushScheduled = false;

  constructor(transaction: GroupTransaction, maxGroupSize = defaultMaxGroupSize) {
    this.#transaction = transaction;
    this.#maxGroupSize = Math.max(1, Math.trunc(maxGroupSize));
  }

  /** The number of writes queued and not yet run. */
  get pending(): number {
    return this.#queue.length;
  }

  /**
   * Queues a write: `run` executes its statements synchronously, inside the group's transaction,
   * and throws to fail it. Resolves once the group that carried it committed; rejects with the
   * error `run` threw, or with the error of a failed BEGIN or COMMIT.
   */
  enqueue(run: () => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ run, resolve, reject });
      this.#scheduleFlush();
    });
  }

  /** Runs every queued write now, in groups of at most the bound. */
  flushAll(): void {
    while (this.#queue.length > 0) this.#runGroup();
  }

  // setImmediate runs after the I/O callbacks of this event-loop turn, so every write those
  // callbacks (and the promise reactions they trigger) make joins the group.
  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    setImmediate(() => {
      this.#flushScheduled = false;
      this.#runGroup();
      // One group per turn: reads and new requests get their turn between two groups.
      if (this.#queue.length > 0) this.#scheduleFlush();
    });
  }

  #runGroup(): void {
    const group = this.#queue.length <= this.#maxGroupSize ? this.#queue : this.#queue.slice(0, this.#maxGroupSize);
    this.#queue = group === this.#queue ? [] : this.#queue.slice(group.length);
    if (group.length === 0) return;
    const transaction = this.#transaction;
    try {
      transaction.begin();
    } catch (error) {
      for (const write of group) write.reject(error);
      return;
    }
    // One entry per write: undefined when it succeeded, else what it threw.
    const failures: unknown[] = [];
    try {
      for (const write of group) failures.push(runInSavepoint(transaction, write.run));
      transaction.commit();
    } catch (error) {
      // BEGIN..COMMIT did not complete: nothing of the group is stored.
      const reason = rollBack(transaction, error);
      for (const write of group) write.reject(reason);
      return;
    }
    group.forEach((write, index) => {
      const failure = failures[index];
      if (failure === undefined) write.resolve();
      else write.reject(failure);
    });
  }
}

/** Runs one write inside a savepoint; returns what it threw (undefined on success), after undoing it. */
function runInSavepoint(transaction: GroupTransaction, run: () => void): unknown {
  transaction.savepoint();
  try {
    run();
  } catch (error) {
    // SQLite rolls the whole transaction back on some errors (I/O, full disk): the writes before
    // this one are gone too, so the group fails as one.
    if (!transaction.inTransaction) throw error;
    transaction.rollbackToSavepoint();
    transaction.release();
    return error ?? new Error('A write threw a nullish value');
  }
  transaction.release();
  return undefined;
}

/** Ends a failed group's transaction, if SQLite has not; the error to reject the group with. */
function rollBack(transaction: GroupTransaction, error: unknown): unknown {
  if (!transaction.inTransaction) return error;
  try {
    transaction.rollback();
    return error;
  } catch (rollbackError) {
    return new AggregateError([error, rollbackError], 'The group failed and its rollback failed too', { cause: error });
  }
}

/**
 * The transaction statements on a better-sqlite3 handle, each prepared once. The savepoint
 * name can be fixed: a group's savepoints never nest.
 */
export function createGroupTransaction(handle: BetterSqlite3.Database): GroupTransaction {
  const begin = handle.prepare('begin immediate');
  const commit = handle.prepare('commit');
  const rollback = handle.prepare('rollback');
  const savepoint = handle.prepare('savepoint store_write');
  const release = handle.prepare('release store_write');
  const rollbackToSavepoint = handle.prepare('rollback to store_write');
  return {
    begin: () => void begin.run(),
    commit: () => void commit.run(),
    rollback: () => void rollback.run(),
    savepoint: () => void savepoint.run(),
    release: () => void release.run(),
    rollbackToSavepoint: () => void rollbackToSavepoint.run(),
    get inTransaction() {
      return handle.inTransaction;
    },
  };
}
