import { parseDefinition, type StateMachineModel } from '../asl/index.js';
import { isJsonObject, type JsonValue } from '../data/index.js';
import type { MapRunProgress, Trigger } from '../execution/index.js';
import type { ExecutionStatus } from '../history/index.js';
import type {
  ExecutionSummary,
  MapRunRecord,
  StateMachineRecord,
  StateMachineRevision,
  Store,
} from '../store/index.js';
import type { StartExecutionRequest } from './engine-api.js';
import { childDefinitionOf } from './map-run-definition.js';
import { mapRunNames, type MapRunNames } from './map-run-naming.js';

/** What a Map Run's driver needs from its engine. */
export interface MapRunDriverContext {
  readonly store: Store;
  readonly now: () => Date;
  /** Starts a child execution (the engine's startExecution). */
  readonly startChild: (request: StartExecutionRequest) => Promise<ExecutionSummary>;
  /** Aborts a running child execution. */
  readonly stopChild: (executionArn: string) => Promise<unknown>;
  /** Applies a trigger to the parent execution. */
  readonly fire: (executionArn: string, trigger: Trigger) => Promise<unknown>;
  readonly onError: (error: unknown) => void;
  /** Runs background work (the clock tracks it, so a test's clock can wait for it to settle). */
  readonly background: (work: Promise<unknown>) => void;
}

// How far a child has got: not started, running, or ended (with its output when it succeeded).
type ChildState = { readonly kind: 'pending' } | { readonly kind: 'running' } | ChildEnd;
type ChildEnd = { readonly kind: 'succeeded'; readonly output: string } | { readonly kind: 'failed' };

const PENDING: ChildState = Object.freeze({ kind: 'pending' as const });
const RUNNING: ChildState = Object.freeze({ kind: 'running' as const });
const FAILED: ChildEnd = Object.freeze({ kind: 'failed' as const });

// AWS runs at most 10,000 child executions of a Map Run at once; MaxConcurrency 0 means that many.
const MAX_CHILDREN_AT_ONCE = 10_000;

/**
 * Runs one Map Run: starts a child execution per input while its concurrency allows, counts how the
 * children end, and reports the run's outcome to the parent execution with a `MapRunEnded` trigger.
 * Everything it knows is rebuilt from the store when it starts — the Map Run record (with the
 * limits UpdateMapRun set) and the children's summaries — so after a restart it resumes where the
 * histories say the run stands; a child's name is fixed by its input's index, so no input is ever
 * run by two children.
 */
export class MapRunDriver {
  readonly names: MapRunNames;
  readonly #context: MapRunDriverContext;
  readonly #children: ChildState[];
  /** Each child's number of items (1 without an ItemBatcher). */
  readonly #itemsOf: number[];
  #record: MapRunRecord | undefined;
  #request: Omit<StartExecutionRequest, 'executionArn' | 'name' | 'input'> | undefined;
  #running = 0;
  #nextIndex = 0;
  #ready = false;
  #ended = false;
  #stopped = false;

  constructor(
    context: MapRunDriverContext,
    readonly parentArn: string,
    readonly mapRun: MapRunProgress,
  ) {
    this.#context = context;
    this.names = mapRunNames(mapRun.mapRunArn);
    this.#children = mapRun.inputs.map(() => PENDING);
    this.#itemsOf = mapRun.inputs.map((input: JsonValue) => (mapRun.batched ? batchSize(input) : 1));
  }

  /** Loads what the store knows of the run, then starts children. Failures end the run with States.Runtime. */
  async start(): Promise<void> {
    try {
      this.#record = await this.#loadRecord();
      this.#request = await this.#childRequest();
      await this.#loadChildren();
    } catch (error) {
      this.#context.onError(error);
      await this.#fail('States.Runtime', `The Map Run could not start its child executions: ${describe(error)}`);
      return;
    }
    this.#ready = true;
    if (this.#record.status !== 'RUNNING') await this.#finish();
    else this.#pump();
  }

  /** A child execution ended (the engine saw its last event appended). */
  childEnded(index: number, summary: ExecutionSummary): void {
    this.#settleChild(index, endOf(summary.status, summary.output));
  }

  #settleChild(index: number, end: ChildEnd): void {
    const previous = this.#children[index];
    if (previous === undefined || isEnded(previous)) return;
    if (previous.kind === 'running') this.#running--;
    this.#children[index] = end;
    this.#pump();
  }

  /** UpdateMapRun changed the run's limits. */
  reconfigure(record: MapRunRecord): void {
    this.#record = record;
    this.#pump();
  }

  /**
   * The parent no longer waits for this run (its effect was disarmed). Unless the run reported its
   * outcome or the engine is shutting down, the parent left it (stopped, timed out): the running
   * children are aborted and the run recorded ABORTED.
   */
  async stop(shuttingDown: boolean): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#ended || shuttingDown) return;
    this.#ended = true;
    await this.#abortRunningChildren();
    await this.#saveEnd('ABORTED');
  }

  /** The counts DescribeMapRun reports are read from the store; this is only the driver's own view. */
  get runningChildren(): number {
    return this.#running;
  }

  #pump(): void {
    if (!this.#ready || this.#stopped || this.#ended || this.#record === undefined) return;
    if (this.#exceedsTolerance(this.#record)) {
      this.#context.background(this.#failOnTolerance());
      return;
    }
    const limit = this.#record.maxConcurrency === 0 ? MAX_CHILDREN_AT_ONCE : this.#record.maxConcurrency;
    while (this.#running < limit && this.#nextIndex < this.#children.length) {
      const index = this.#nextIndex++;
      if (this.#children[index]?.kind !== 'pending') continue;
      this.#children[index] = RUNNING;
      this.#running++;
      this.#context.background(this.#startChild(index));
    }
    if (this.#running === 0 && this.#children.every(isEnded)) this.#context.background(this.#finish());
  }

  async #startChild(index: number): Promise<void> {
    const request = this.#request;
    if (request === undefined) return;
    try {
      const summary = await this.#context.startChild({
        ...request,
        executionArn: this.names.childArn(index),
        name: this.names.childName(index),
        input: JSON.stringify(this.mapRun.inputs[index] ?? null),
      });
      if (summary.status !== 'RUNNING') this.childEnded(index, summary);
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ExecutionAlreadyStored')) {
        // A child that could not be started counts as failed: the run never waits for it forever.
        this.#context.onError(error);
        this.#settleChild(index, FAILED);
        return;
      }
      // Started before (a restart): its summary says how far it got.
      const stored = await this.#context.store.getExecution(this.names.childArn(index));
      if (stored !== undefined && stored.status !== 'RUNNING') this.childEnded(index, stored);
    }
  }

  #exceedsTolerance(record: MapRunRecord): boolean {
    let failedItems = 0;
    for (let index = 0; index < this.#children.length; index++) {
      if (this.#children[index]?.kind === 'failed') failedItems += this.#itemsOf[index] ?? 1;
    }
    if (failedItems === 0) return false;
    const { toleratedFailureCount: count, toleratedFailurePercentage: percentage } = record;
    // 0 is AWS's default for both: with neither above it, any failure fails the run.
    if (count === 0 && percentage === 0) return true;
    return (
      (count > 0 && failedItems > count) || (percentage > 0 && (failedItems / this.mapRun.itemCount) * 100 > percentage)
    );
  }

  async #failOnTolerance(): Promise<void> {
    await this.#fail(
      'States.ExceedToleratedFailureThreshold',
      'The specified tolerated failure threshold was exceeded',
    );
  }

  async #fail(error: string, cause: string): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    await this.#abortRunningChildren();
    await this.#saveEnd('FAILED');
    await this.#context.fire(this.parentArn, {
      kind: 'MapRunEnded',
      mapRunStartedEventId: this.mapRun.startedEventId,
      outcome: { error, cause },
    });
  }

  async #finish(): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    const outputs = this.#children.map((child) => (child.kind === 'succeeded' ? child.output : 'null'));
    await this.#saveEnd('SUCCEEDED');
    await this.#context.fire(this.parentArn, {
      kind: 'MapRunEnded',
      mapRunStartedEventId: this.mapRun.startedEventId,
      outcome: { outputs },
    });
  }

  async #abortRunningChildren(): Promise<void> {
    const stops: Promise<unknown>[] = [];
    for (let index = 0; index < this.#children.length; index++) {
      if (this.#children[index]?.kind === 'running') stops.push(this.#context.stopChild(this.names.childArn(index)));
    }
    await Promise.allSettled(stops);
  }

  async #saveEnd(status: MapRunRecord['status']): Promise<void> {
    const record = this.#record ?? (await this.#context.store.getMapRun(this.mapRun.mapRunArn));
    if (record === undefined) return;
    // UpdateMapRun may have changed the limits since this driver read the record.
    const latest = (await this.#context.store.getMapRun(this.mapRun.mapRunArn)) ?? record;
    await this.#context.store.putMapRun({ ...latest, status, stopDate: this.#context.now().toISOString() });
  }

  async #loadRecord(): Promise<MapRunRecord> {
    const stored = await this.#context.store.getMapRun(this.mapRun.mapRunArn);
    if (stored !== undefined) return stored;
    const record: MapRunRecord = {
      mapRunArn: this.mapRun.mapRunArn,
      executionArn: this.parentArn,
      stateMachineArn: this.names.labelledStateMachineArn,
      status: 'RUNNING',
      startDate: this.mapRun.startDate,
      maxConcurrency: this.mapRun.maxConcurrency,
      toleratedFailureCount: this.mapRun.toleratedFailureCount ?? 0,
      toleratedFailurePercentage: this.mapRun.toleratedFailurePercentage ?? 0,
      itemCount: this.mapRun.itemCount,
      batched: this.mapRun.batched,
    };
    await this.#context.store.putMapRun(record);
    return record;
  }

  /** What every child is started with: the labelled state machine, and its definition as a revision of it. */
  async #childRequest(): Promise<Omit<StartExecutionRequest, 'executionArn' | 'name' | 'input'>> {
    const { store } = this.#context;
    const parent = await store.getExecution(this.parentArn);
    if (parent === undefined) throw new Error(`The parent execution ${this.parentArn} is missing`);
    const names = this.names;
    let revision = await store.getStateMachineRevision(names.labelledStateMachineArn, names.mapRunId);
    if (revision === undefined) {
      const parentRevision = await store.getStateMachineRevision(parent.stateMachineArn, parent.stateMachineRevisionId);
      if (parentRevision === undefined) throw new Error(`The revision of ${parent.stateMachineArn} is missing`);
      const definition = childDefinitionOf(parentRevision.definition, this.mapRun.statePath);
      if (definition === undefined) throw new Error('The Map state was not found in its definition');
      const created: StateMachineRevision = {
        stateMachineArn: names.labelledStateMachineArn,
        revisionId: names.mapRunId,
        definition,
        roleArn: parentRevision.roleArn,
        creationDate: this.mapRun.startDate,
      };
      await store.putStateMachineRevision(created);
      revision = created;
    }
    const model: StateMachineModel = parseDefinition(revision.definition);
    const stateMachine: StateMachineRecord = {
      stateMachineArn: names.labelledStateMachineArn,
      name: names.labelledName,
      type: this.mapRun.executionType,
      definition: revision.definition,
      roleArn: revision.roleArn,
      creationDate: revision.creationDate,
      revisionId: revision.revisionId,
      tags: [],
    };
    return { stateMachine, revision, model, mapRunArn: this.mapRun.mapRunArn };
  }

  /** Reads the children already stored (a restart): ended ones count, running ones are the engine's to resume. */
  async #loadChildren(): Promise<void> {
    const indexOf = new Map<string, number>();
    for (let index = 0; index < this.#children.length; index++) indexOf.set(this.names.childArn(index), index);
    let cursor: string | undefined;
    do {
      const page = await this.#context.store.listExecutions({
        stateMachineArn: this.names.labelledStateMachineArn,
        mapRunArn: this.mapRun.mapRunArn,
        limit: 1000,
        ...(cursor === undefined ? {} : { cursor }),
      });
      for (const summary of page.items) {
        const index = indexOf.get(summary.executionArn);
        const current = index === undefined ? undefined : this.#children[index];
        if (index === undefined || current === undefined || current.kind !== 'pending') continue;
        if (summary.status === 'RUNNING') {
          this.#children[index] = RUNNING;
          this.#running++;
        } else {
          this.#children[index] = endOf(summary.status, summary.output);
        }
      }
      cursor = page.cursor;
    } while (cursor !== undefined);
  }
}

function isEnded(child: ChildState): child is ChildEnd {
  return child.kind === 'succeeded' || child.kind === 'failed';
}

function endOf(status: ExecutionStatus, output: string | undefined): ChildEnd {
  return status === 'SUCCEEDED' ? { kind: 'succeeded', output: output ?? 'null' } : FAILED;
}

function batchSize(input: JsonValue): number {
  const items = isJsonObject(input) ? input['Items'] : undefined;
  return Array.isArray(items) ? items.length : 1;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
