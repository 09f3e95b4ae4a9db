import { filter, take } from 'rxjs';
import type { MockConfigFile, ServiceTaskHandler } from '../engine/index.js';
import type { HistoryEvent, HistoryEventType, RecordedEvent } from '../history/index.js';
import type { Store } from '../store/index.js';
import type { ApiHistoryEvent, DescribeExecutionOutput } from '../service/api-types.js';
import type { ServiceLimits } from '../service/service-context.js';
import { StepFunctions } from '../service/step-functions.js';
import { InProcessLambda } from './in-process-lambda.js';
import { TestClock } from './test-clock.js';

/** A role ARN every fixture state machine can use. */
export const ROLE_ARN = 'arn:aws:iam::123456789012:role/statefold-test';

/** The smallest valid definition: one Pass state (an execution of it succeeds at once). */
export const PASS_DEFINITION = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });

/** A definition whose executions stay RUNNING for an hour of fake time. */
export const WAIT_HOUR_DEFINITION = JSON.stringify({
  StartAt: 'W',
  States: { W: { Type: 'Wait', Seconds: 3600, End: true } },
});

/** What a fixture may change. */
export interface ServiceFixtureOptions {
  readonly limits?: ServiceLimits;
  readonly services?: Readonly<Record<string, ServiceTaskHandler>>;
  /** Randomness for retry jitter and States.MathRandom; 0.5 by default. */
  readonly random?: () => number;
  readonly maxHistoryEvents?: number;
  /** The clock to share with another fixture on the same store (recovery tests). */
  readonly clock?: TestClock;
  /** The Lambda to share with another fixture. */
  readonly lambda?: InProcessLambda;
  /** Prefix of the numbered UUIDs, so two fixtures on one store never hand out the same one. */
  readonly uuidPrefix?: string;
  /** Keep Express executions readable (see `StepFunctionsOptions.expressHistory`). */
  readonly expressHistory?: boolean;
  /** Step Functions Local's mock configuration. */
  readonly mockConfig?: MockConfigFile;
}

/**
 * A `StepFunctions` with the real engine on a given store (core's src imports no store), a
 * `TestClock` (a `FakeClock`) starting at 2024-01-01T00:00:00Z, numbered UUIDs, an in-process Lambda, and the
 * engine's background failures collected in `errors` (a test that expects none checks it).
 */
export class ServiceFixture {
  readonly sfn: StepFunctions;
  readonly clock: TestClock;
  readonly store: Store;
  readonly lambda: InProcessLambda;
  readonly errors: unknown[] = [];
  #machines = 0;

  constructor(store: Store, options: ServiceFixtureOptions = {}) {
    this.store = store;
    this.clock = options.clock ?? new TestClock(new Date('2024-01-01T00:00:00.000Z'));
    this.lambda = options.lambda ?? new InProcessLambda();
    // A held Lambda call stays open across timers: the clock must not wait for it.
    this.lambda.onHold = () => this.clock.parkNextWork();
    let counter = 0;
    const prefix = options.uuidPrefix ?? '00000000';
    this.sfn = new StepFunctions({
      store,
      clock: this.clock,
      lambda: this.lambda,
      uuid: () => `${prefix}-0000-4000-8000-${String((counter += 1)).padStart(12, '0')}`,
      random: options.random ?? (() => 0.5),
      onError: (error) => this.errors.push(error),
      ...(options.limits === undefined ? {} : { limits: options.limits }),
      ...(options.services === undefined ? {} : { services: options.services }),
      ...(options.maxHistoryEvents === undefined ? {} : { maxHistoryEvents: options.maxHistoryEvents }),
      ...(options.expressHistory === undefined ? {} : { expressHistory: options.expressHistory }),
      ...(options.mockConfig === undefined ? {} : { mockConfig: options.mockConfig }),
    });
  }

  /** Creates a state machine from a definition object (or text) and returns its ARN. */
  async createStateMachine(definition: object | string, name = `machine-${(this.#machines += 1)}`): Promise<string> {
    const text = typeof definition === 'string' ? definition : JSON.stringify(definition);
    return (await this.sfn.createStateMachine({ name, definition: text, roleArn: ROLE_ARN })).stateMachineArn;
  }

  /** Starts an execution and waits until its background work (task invocations) has settled. */
  async start(stateMachineArn: string, input: unknown = {}, name?: string): Promise<string> {
    const { executionArn } = await this.sfn.startExecution({
      stateMachineArn,
      input: JSON.stringify(input),
      ...(name === undefined ? {} : { name }),
    });
    await this.clock.settle();
    return executionArn;
  }

  /** Creates a state machine from `definition`, starts it with `input` and settles. */
  async run(definition: object | string, input: unknown = {}): Promise<string> {
    return this.start(await this.createStateMachine(definition), input);
  }

  async describe(executionArn: string): Promise<DescribeExecutionOutput> {
    return this.sfn.describeExecution({ executionArn });
  }

  /** The whole history as GetExecutionHistory answers it. */
  async history(executionArn: string): Promise<ApiHistoryEvent[]> {
    const events: ApiHistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.sfn.getExecutionHistory({
        executionArn,
        maxResults: 1000,
        ...(nextToken === undefined ? {} : { nextToken }),
      });
      events.push(...page.events);
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    return events;
  }

  /** The history's event types, in order. */
  async types(executionArn: string): Promise<string[]> {
    return (await this.history(executionArn)).map((event) => event.type);
  }

  /** `[id, previousEventId, type]` of every event: the shape scenario tests compare whole. */
  async links(executionArn: string): Promise<[number, number, string][]> {
    return (await this.history(executionArn)).map((event) => [event.id, event.previousEventId ?? 0, event.type]);
  }

  /** The stored events, each with statefold's own facts. */
  async storedEvents(executionArn: string): Promise<readonly RecordedEvent[]> {
    return this.store.readEvents(executionArn);
  }

  /** The first event of `type` the execution has appended, or will append. */
  event<T extends HistoryEventType>(executionArn: string, type: T): Promise<Extract<HistoryEvent, { type: T }>> {
    type Wanted = Extract<HistoryEvent, { type: T }>;
    const isWanted = (event: HistoryEvent): event is Wanted => event.type === type;
    return new Promise<Wanted>((resolve, reject) => {
      // Subscribe before reading the store, so an event appended in between is not missed.
      const subscription = this.sfn.engine.events$
        .pipe(
          filter((item) => item.executionArn === executionArn && isWanted(item.event)),
          take(1),
        )
        .subscribe({ next: (item) => resolve(item.event as Wanted), error: reject });
      this.storedEvents(executionArn).then((events) => {
        const stored = events.find(({ event }) => isWanted(event))?.event;
        if (stored === undefined || !isWanted(stored)) return;
        subscription.unsubscribe();
        resolve(stored);
      }, reject);
    });
  }

  /** The task token of the execution's first scheduled task that has one. */
  async taskToken(executionArn: string): Promise<string> {
    const scheduled = (await this.storedEvents(executionArn)).find(({ facts }) => facts.taskToken !== undefined);
    const token = scheduled?.facts.taskToken;
    if (token === undefined) throw new Error(`No task token in the history of ${executionArn}`);
    return token;
  }
}

/** Builds a fixture; the store comes from the test (core's src imports no store). */
export function createServiceFixture(store: Store, options: ServiceFixtureOptions = {}): ServiceFixture {
  return new ServiceFixture(store, options);
}
