import type { Coordination, ExecutionSummary, HeldLease, NodeMessage, RecordedEvent } from '@statefold/core';
import pg from 'pg';
import { quoteIdentifier } from './hot-path.js';

/** How a `PostgresCoordination` reaches its database and appends as a lease holder. */
export interface CoordinationContext {
  readonly pool: pg.Pool;
  /** The pool's connection settings, for the listening connection of its own. */
  readonly connection: pg.ClientConfig;
  readonly schema: string;
  readonly nodeId: string;
  readonly leaseMs: number;
  /** The store's append, fenced on this node's lease. */
  readonly appendAsOwner: Coordination['appendAsOwner'];
  /** Failures of the listening connection (it reconnects by itself). */
  readonly onError: (error: unknown) => void;
}

/** A message as it travels in a notification: who sent it, and the message. */
interface Envelope {
  readonly from: string;
  readonly message: NodeMessage;
}

/** How long the listening connection waits before it reconnects after losing the server. */
const RECONNECT_MS = 1_000;

/**
 * Leases on the executions' summary rows and LISTEN/NOTIFY between the nodes of one schema.
 * Renewing and claiming are one statement each; claiming skips rows another node is claiming at
 * the same moment (`for update skip locked`), so two nodes never claim one execution.
 */
export class PostgresCoordination implements Coordination {
  readonly nodeId: string;
  readonly leaseMs: number;
  readonly #context: CoordinationContext;
  readonly #channel: string;
  readonly #listeners = new Set<(message: NodeMessage) => void>();
  readonly #sql: { readonly renew: string; readonly claim: string; readonly release: string };
  #listener: pg.Client | undefined;
  #closed = false;

  constructor(context: CoordinationContext) {
    this.#context = context;
    this.nodeId = context.nodeId;
    this.leaseMs = context.leaseMs;
    // A channel name is an identifier (at most 63 bytes): the schema's hash keeps it short and plain.
    this.#channel = `statefold_${hashName(context.schema)}`;
    const executions = `${quoteIdentifier(context.schema)}.executions`;
    const lease = `now() + $2::integer * interval '1 millisecond'`;
    this.#sql = {
      renew: `update ${executions} set lease_expires_at = ${lease} where owner = $1 and status = 'RUNNING' and lease_expires_at > now() returning execution_arn, last_event_id`,
      claim:
        `update ${executions} set owner = $1, lease_expires_at = ${lease} where execution_arn in (` +
        `select execution_arn from ${executions} where status = 'RUNNING' and (lease_expires_at is null or lease_expires_at <= now())` +
        ` order by start_date limit $3 for update skip locked) returning execution_arn`,
      release: `update ${executions} set lease_expires_at = now() where owner = $1 and status = 'RUNNING'`,
    };
  }

  appendAsOwner(
    executionArn: string,
    expectedLastEventId: number,
    events: readonly RecordedEvent[],
    summary: ExecutionSummary,
  ): Promise<void> {
    return this.#context.appendAsOwner(executionArn, expectedLastEventId, events, summary);
  }

  async renewLeases(): Promise<readonly HeldLease[]> {
    const { rows } = await this.#context.pool.query<{ execution_arn: string; last_event_id: number }>(this.#sql.renew, [
      this.#context.nodeId,
      this.leaseMs,
    ]);
    return rows.map((row) => ({ executionArn: row.execution_arn, lastEventId: row.last_event_id }));
  }

  async claimOrphans(limit: number): Promise<readonly string[]> {
    const { rows } = await this.#context.pool.query<{ execution_arn: string }>(this.#sql.claim, [
      this.#context.nodeId,
      this.leaseMs,
      limit,
    ]);
    return rows.map((row) => row.execution_arn);
  }

  async releaseLeases(): Promise<void> {
    await this.#context.pool.query(this.#sql.release, [this.#context.nodeId]);
  }

  publish(message: NodeMessage): void {
    const envelope: Envelope = { from: this.#context.nodeId, message };
    // A lost message is caught up by the owner's next lease renewal (which reports where each history ends).
    this.#context.pool
      .query('select pg_notify($1, $2)', [this.#channel, JSON.stringify(envelope)])
      .catch(this.#context.onError);
  }

  subscribe(listener: (message: NodeMessage) => void): () => void {
    this.#listeners.add(listener);
    if (this.#listener === undefined) void this.#listen();
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Ends the listening connection. */
  async close(): Promise<void> {
    this.#closed = true;
    const listener = this.#listener;
    this.#listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  async #listen(): Promise<void> {
    if (this.#closed) return;
    const client = new pg.Client(this.#context.connection);
    this.#listener = client;
    client.on('notification', (notification) => this.#deliver(notification.payload));
    const reconnect = (error?: unknown): void => {
      if (this.#listener !== client) return;
      this.#listener = undefined;
      if (error !== undefined) this.#context.onError(error);
      client.end().catch(() => undefined);
      if (!this.#closed) setTimeout(() => void this.#listen(), RECONNECT_MS).unref();
    };
    client.on('error', reconnect);
    client.on('end', () => reconnect());
    try {
      await client.connect();
      await client.query(`listen ${this.#channel}`);
    } catch (error) {
      reconnect(error);
    }
  }

  #deliver(payload: string | undefined): void {
    if (payload === undefined) return;
    let envelope: Envelope;
    try {
      envelope = JSON.parse(payload) as Envelope;
    } catch (error) {
      this.#context.onError(error);
      return;
    }
    if (envelope.from === this.#context.nodeId) return;
    for (const listener of this.#listeners) listener(envelope.message);
  }
}

/** A short, stable, identifier-safe name for a schema. */
function hashName(text: string): string {
  let hash = 2166136261;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 16777619);
  }
  return (hash >>> 0).toString(16);
}
