import type { MapState } from '../asl/index.js';
import {
  applyInputPath,
  describeStateFailure,
  QueryEvaluationFailure,
  resolvePayloadTemplate,
  selectPath,
  unexpectedResultType,
  type DataContext,
  type JsonValue,
} from '../data/index.js';
import { emitEvaluationFailed, evaluateField } from './data-flow.js';
import { StatesFailure } from '../errors/index.js';
import { childThreadId, threadIndex, type MapProgress } from './execution-state.js';
import { abortChildren } from './abort-thread.js';
import type { ChildEnd } from './child-end.js';
import {
  emitEntered,
  enterState,
  finishWithResult,
  guardState,
  handleStateFailure,
  serializeOutput,
} from './state-flow.js';
import type { Stepper, Work } from './stepper.js';

/** Map: enters, then runs its ItemProcessor once per item as threads, at most MaxConcurrency at a time. */
export function runMap(s: Stepper, threadId: string, def: MapState, name: string, input: string): Work | undefined {
  emitEntered(s, threadId, def, name, input);
  return guardState(s, threadId, def, () => startMap(s, threadId, def));
}

/** Starts (or, after a retry delay, restarts) the thread's active Map state. */
export function startMap(s: Stepper, threadId: string, def: MapState): Work | undefined {
  const active = s.active(threadId);
  if (active === undefined) return undefined;
  const dc = s.dataContext(threadId);
  const raw = JSON.parse(active.input) as JsonValue;
  const jsonata = def.QueryLanguage === 'JSONata';
  const effective = jsonata ? raw : applyInputPath(def.InputPath, raw, dc);
  const items = jsonata
    ? jsonataItems(s, threadId, def, raw)
    : def.ItemsPath !== undefined
      ? selectPath(def.ItemsPath, effective, dc, 'ItemsPath')
      : effective;
  if (!Array.isArray(items)) {
    throw new StatesFailure(
      'States.Runtime',
      describeStateFailure(dc, `Map state input must be an array but was: ${JSON.stringify(items)}`),
    );
  }
  const limit = (written: number | string | undefined, path: string | undefined, field: string): number | undefined =>
    jsonata
      ? jsonataCount(s, threadId, written, field.slice(0, -'Path'.length), raw)
      : count(written, path, field, effective, dc);
  const maxConcurrency = limit(def.MaxConcurrency, def.MaxConcurrencyPath, 'MaxConcurrencyPath') ?? 0;
  const toleratedFailureCount = limit(
    def.ToleratedFailureCount,
    def.ToleratedFailureCountPath,
    'ToleratedFailureCountPath',
  );
  const toleratedFailurePercentage = limit(
    def.ToleratedFailurePercentage,
    def.ToleratedFailurePercentagePath,
    'ToleratedFailurePercentagePath',
  );
  const started = s.emit(
    threadId,
    'MapStateStarted',
    { mapStateStartedEventDetails: { length: items.length } },
    {
      facts: {
        map: {
          items,
          maxConcurrency,
          ...(toleratedFailureCount !== undefined ? { toleratedFailureCount } : {}),
          ...(toleratedFailurePercentage !== undefined ? { toleratedFailurePercentage } : {}),
        },
      },
    },
  );
  return continueMap(s, threadId, def, started.id);
}

/** Starts iterations while the concurrency limit allows, and completes the Map when all have ended. */
function continueMap(s: Stepper, threadId: string, def: MapState, startedEventId: number): Work | undefined {
  for (;;) {
    const map = s.active(threadId)?.map;
    if (map?.startedEventId !== startedEventId) return undefined;
    const canStart = map.nextIndex < map.items.length && (map.maxConcurrency === 0 || map.running < map.maxConcurrency);
    if (!canStart)
      return map.running === 0 && map.nextIndex >= map.items.length ? completeMap(s, threadId, def, map) : undefined;
    try {
      startIteration(s, threadId, def, map);
    } catch (error) {
      if (!(error instanceof StatesFailure)) throw error;
      // An ItemSelector that fails fails the Map itself.
      abortChildren(s, threadId, startedEventId);
      if (error.error === 'States.QueryEvaluationError') emitEvaluationFailed(s, threadId, error);
      return handleStateFailure(s, threadId, def, error.error, error.cause, (facts) => {
        s.emit(threadId, 'MapStateFailed', {}, { facts });
      });
    }
  }
}

function startIteration(s: Stepper, threadId: string, def: MapState, map: MapProgress): void {
  const index = map.nextIndex;
  const iterationId = childThreadId(threadId, map.startedEventId, index);
  const name = s.active(threadId)?.name ?? '';
  const item = map.items[index] ?? null;
  const input = serializeOutput(
    s,
    threadId,
    def.ItemSelector === undefined ? item : selectItem(s, threadId, def, index, item),
  );
  s.emit(
    iterationId,
    'MapIterationStarted',
    { mapIterationStartedEventDetails: { index, name } },
    { previousEventId: map.linkEventId },
  );
  s.runThread(() => enterState(s, iterationId, def.ItemProcessor.StartAt, input));
}

function selectItem(s: Stepper, threadId: string, def: MapState, index: number, item: JsonValue): JsonValue {
  const active = s.active(threadId);
  const mapItem = { mapItem: { Index: index, Value: item } };
  if (def.QueryLanguage === 'JSONata')
    return evaluateField(
      s,
      threadId,
      def.ItemSelector ?? null,
      'ItemSelector',
      { input: JSON.parse(active?.input ?? 'null') as JsonValue },
      mapItem,
    );
  const dc = s.dataContext(threadId, mapItem);
  const effective = applyInputPath(def.InputPath, JSON.parse(active?.input ?? 'null') as JsonValue, dc);
  return resolvePayloadTemplate(def.ItemSelector ?? null, effective, dc, 'ItemSelector');
}

/** An iteration ended: record it; a failure beyond the tolerated threshold fails the Map. */
export function mapIterationEnded(
  s: Stepper,
  parentId: string,
  iterationId: string,
  outcome: ChildEnd,
): Work | undefined {
  const active = s.active(parentId);
  const map = active?.map;
  if (active === undefined || map === undefined) return undefined;
  const def = s.stateDef(parentId, active.name);
  if (def.Type !== 'Map') return undefined;
  const details = { index: threadIndex(iterationId), name: active.name };
  if ('output' in outcome) {
    s.emit(
      iterationId,
      'MapIterationSucceeded',
      { mapIterationSucceededEventDetails: details },
      { facts: { threadEnd: { output: outcome.output } } },
    );
  } else {
    const threadEnd = { error: outcome.error ?? '', cause: outcome.cause ?? '' };
    s.emit(iterationId, 'MapIterationFailed', { mapIterationFailedEventDetails: details }, { facts: { threadEnd } });
    const after = s.active(parentId)?.map;
    if (after !== undefined && exceedsTolerance(after)) return failMap(s, parentId, def, after, outcome);
  }
  const startedEventId = map.startedEventId;
  s.enqueue(() => continueMap(s, parentId, def, startedEventId));
  return undefined;
}

function exceedsTolerance(map: MapProgress): boolean {
  if (map.toleratedFailureCount === undefined && map.toleratedFailurePercentage === undefined) return map.failed > 0;
  if (map.toleratedFailureCount !== undefined && map.failed > map.toleratedFailureCount) return true;
  if (map.toleratedFailurePercentage !== undefined && map.items.length > 0) {
    return (map.failed / map.items.length) * 100 > map.toleratedFailurePercentage;
  }
  return false;
}

function failMap(s: Stepper, threadId: string, def: MapState, map: MapProgress, outcome: ChildEnd): Work | undefined {
  abortChildren(s, threadId, map.startedEventId);
  const tolerated = map.toleratedFailureCount !== undefined || map.toleratedFailurePercentage !== undefined;
  const error = tolerated
    ? 'States.ExceedToleratedFailureThreshold'
    : (('error' in outcome ? outcome.error : undefined) ?? '');
  const cause = tolerated
    ? 'The specified tolerated failure threshold was exceeded'
    : 'cause' in outcome
      ? outcome.cause
      : undefined;
  const lastEventId = s.active(threadId)?.map?.lastIterationEventId ?? s.state.lastEventId;
  const next = handleStateFailure(s, threadId, def, error, cause, (facts) => {
    s.emit(threadId, 'MapStateFailed', {}, { previousEventId: lastEventId, facts });
  });
  if (next !== undefined) s.enqueue(next);
  return undefined;
}

function completeMap(s: Stepper, threadId: string, def: MapState, map: MapProgress): Work | undefined {
  const results = map.items.map((_, index) => {
    const output = map.outputs[index];
    return output === undefined ? null : (JSON.parse(output) as JsonValue);
  });
  s.emit(threadId, 'MapStateSucceeded', {}, { previousEventId: map.lastIterationEventId });
  return finishWithResult(s, threadId, def, results, map.lastIterationEventId);
}

function count(
  literal: number | string | undefined,
  path: string | undefined,
  field: string,
  input: JsonValue,
  dc: DataContext,
): number | undefined {
  if (typeof literal === 'number') return literal;
  if (path === undefined) return undefined;
  const value = selectPath(path, input, dc, field);
  if (typeof value === 'number' && value >= 0) return value;
  throw new StatesFailure(
    'States.Runtime',
    describeStateFailure(
      dc,
      `The ${field} parameter does not reference a valid non-negative number: ${path} == ${JSON.stringify(value)}`,
    ),
  );
}

/**
 * JSONata `Items`: a literal array or an expression that must yield one; without `Items` the state
 * input must be an array. Both failures are `States.QueryEvaluationError` in a JSONata Map
 * (conformance scenarios/test_map_state_items_*).
 */
function jsonataItems(s: Stepper, threadId: string, def: MapState, input: JsonValue): JsonValue {
  const dc = s.dataContext(threadId);
  if (def.Items === undefined) {
    if (Array.isArray(input)) return input;
    throw new QueryEvaluationFailure(
      describeStateFailure(dc, `Map state input must be an array but was: ${JSON.stringify(input)}`),
    );
  }
  const items = evaluateField(s, threadId, def.Items, 'Items', { input });
  if (!Array.isArray(items)) throw unexpectedResultType(dc, 'Items', def.Items, 'array', items);
  return items;
}

/** JSONata `MaxConcurrency`/`ToleratedFailure…`: a literal or an expression yielding a non-negative number. */
function jsonataCount(
  s: Stepper,
  threadId: string,
  written: number | string | undefined,
  field: string,
  input: JsonValue,
): number | undefined {
  if (written === undefined) return undefined;
  if (typeof written === 'number') return written;
  const value = evaluateField(s, threadId, written, field, { input });
  const integral = field !== 'ToleratedFailurePercentage';
  if (typeof value !== 'number' || value < 0 || (integral && !Number.isInteger(value)))
    throw unexpectedResultType(s.dataContext(threadId), field, written, integral ? 'integer' : 'number', value);
  return value;
}
