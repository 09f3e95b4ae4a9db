import { assertNever } from '../data/index.js';
import type { Coordination, NodeMessage } from '../store/index.js';
import type { Clock } from './ports.js';

/** What the membership asks of its engine. */
export interface MembershipHandlers {
  /** This node now holds the execution's lease (claimed after another node lost it): resume it from its history. */
  readonly adopt: (executionArn: string) => Promise<void>;
  /** This node no longer holds the lease: stop driving the execution (disarm its effects, drop its state). */
  readonly giveUp: (executionArn: string) => void;
  /** The stored history of an owned execution has moved past what this node holds (another node appended). */
  readonly refresh: (executionArn: string, lastEventId: number) => Promise<void>;
  /** Another node scheduled an activity task: offer it to this node's pollers too. */
  readonly offerActivity: (task: Omit<Extract<NodeMessage, { kind: 'activity' }>, 'kind'>) => void;
  /** A heartbeat for an owned execution's task reached another node. */
  readonly heartbeat: (executionArn: string, scheduledEventId: number) => void;
  /** Failures of the background work (a database that cannot be reached for a while, say). */
  readonly onError: (error: unknown) => void;
}

/** Executions claimed per round, so that one node does not take every orphan of a dead one at once. */
const CLAIM_BATCH = 50;

/**
 * This engine as one node among several on a shared store: which executions it owns, the timer
 * that renews their leases (every third of the lease) and the one that claims orphans (often
 * enough that a dead node's executions move within a second of their lease's end). Renewing also
 * tells where each owned history ends, which catches up on any message this node missed.
 */
export class NodeMembership {
  readonly #coordination: Coordination;
  readonly #clock: Clock;
  readonly #handlers: MembershipHandlers;
  readonly #owned = new Set<string>();
  readonly #cancel: (() => void)[] = [];
  #stopped = false;

  constructor(coordination: Coordination, clock: Clock, handlers: MembershipHandlers) {
    this.#coordination = coordination;
    this.#clock = clock;
    this.#handlers = handlers;
    this.#cancel.push(coordination.subscribe((message) => this.#receive(message)));
    // Renewing starts with the engine, not with `start`: the leases of the executions it starts
    // must outlive their lease time whether or not anyone ever asks it to recover.
    this.#every(Math.max(50, Math.floor(coordination.leaseMs / 3)), () => this.#renew());
  }

  owns(executionArn: string): boolean {
    return this.#owned.has(executionArn);
  }

  /** This node started the execution: the store gave it the lease with the first events. */
  own(executionArn: string): void {
    this.#owned.add(executionArn);
  }

  /** The execution ended, or this node lost it. */
  forget(executionArn: string): void {
    this.#owned.delete(executionArn);
  }

  publish(message: NodeMessage): void {
    this.#coordination.publish(message);
  }

  /**
   * Claims orphans now, then keeps claiming until `stop` (renewing runs from construction);
   * answers how many executions the first round took over.
   */
  async start(): Promise<number> {
    const claimed = await this.#claim();
    this.#every(Math.max(50, Math.min(500, Math.floor(this.#coordination.leaseMs / 4))), async () => {
      await this.#claim();
    });
    return claimed;
  }

  /** Stops the timers and lets this node's leases go, so that the other nodes take its executions at once. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const cancel of this.#cancel.splice(0)) cancel();
    await this.#coordination.releaseLeases();
    this.#owned.clear();
  }

  #receive(message: NodeMessage): void {
    if (this.#stopped) return;
    switch (message.kind) {
      case 'appended':
        if (this.#owned.has(message.executionArn)) {
          this.#handlers.refresh(message.executionArn, message.lastEventId).catch(this.#handlers.onError);
        }
        return;
      case 'activity': {
        const { kind: _kind, ...task } = message;
        this.#handlers.offerActivity(task);
        return;
      }
      case 'heartbeat':
        if (this.#owned.has(message.executionArn))
          this.#handlers.heartbeat(message.executionArn, message.scheduledEventId);
        return;
      default:
        assertNever(message);
    }
  }

  async #renew(): Promise<void> {
    const owned = [...this.#owned];
    const held = await this.#coordination.renewLeases();
    const heldArns = new Set(held.map((lease) => lease.executionArn));
    // Only executions owned before the renewal started can have been lost by it.
    for (const executionArn of owned) {
      if (!heldArns.has(executionArn) && this.#owned.has(executionArn)) {
        this.#owned.delete(executionArn);
        this.#handlers.giveUp(executionArn);
      }
    }
    for (const lease of held) {
      if (this.#owned.has(lease.executionArn)) await this.#handlers.refresh(lease.executionArn, lease.lastEventId);
    }
  }

  async #claim(): Promise<number> {
    let total = 0;
    for (;;) {
      const claimed = await this.#coordination.claimOrphans(CLAIM_BATCH);
      for (const executionArn of claimed) {
        this.#owned.add(executionArn);
        await this.#handlers.adopt(executionArn);
      }
      total += claimed.length;
      if (claimed.length < CLAIM_BATCH || this.#stopped) return total;
    }
  }

  /** Runs `work` every `intervalMs` (after the previous run ended) until `stop`. */
  #every(intervalMs: number, work: () => Promise<void>): void {
    let cancelTimer: () => void = () => undefined;
    const schedule = (): void => {
      if (this.#stopped) return;
      cancelTimer = this.#clock.setTimer(new Date(this.#clock.now().getTime() + intervalMs), async () => {
        try {
          await work();
        } catch (error) {
          this.#handlers.onError(error);
        }
        schedule();
      });
    };
    schedule();
    this.#cancel.push(() => cancelTimer());
  }
}
