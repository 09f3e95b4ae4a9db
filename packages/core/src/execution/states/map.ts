import type { MapState } from '../../asl/index.js';
import {
  applyInputPath,
  describeStateFailure,
  QueryEvaluationFailure,
  resolvePayloadTemplate,
  selectPath,
  unexpectedResultType,
  type DataContext,
  type JsonValue,
} from '../../data/index.js';
import { emitEvaluationFailed, evaluateField } from '../data-flow.js';
import { StatesFailure } from '../../errors/index.js';
import { childThreadId, threadIndex, type MapProgress } from '../execution-state.js';
import { abortChildren } from '../abort-thread.js';
import type { ChildEnd } from '../child-end.js';
import {
  emitEntered,
  enterState,
  finishWithResult,
  guardState,
  handleStateFailure,
  serializeOutput,
} from '../state-flow.js';
import type { Macrostep, Work } from '../macrostep.js';
import { refuseUnsupportedDistributedFields, startMapRun } from './distributed-map.js';

/** Map: enters, then runs its ItemProcessor once per item as threads, at most MaxConcurrency at a time. */
export function runMap(
  macrostep: Macrostep,
  threadId: string,
  definition: MapState,
  name: string,
  input: string,
): Work | undefined {
  emitEntered(macrostep, threadId, definition, name, input);
  return guardState(macrostep, threadId, definition, () => startMap(macrostep, threadId, definition));
}

/** Starts (or, after a retry delay, restarts) the thread's active Map state. */
export function startMap(macrostep: Macrostep, threadId: string, definition: MapState): Work | undefined {
  const active = macrostep.active(threadId);
  if (active === undefined) return undefined;
  refuseUnsupportedDistributedFields(definition);
  const dataContext = macrostep.dataContext(threadId);
  const raw = JSON.parse(active.input) as JsonValue;
  const jsonata = definition.QueryLanguage === 'JSONata';
  const effective = jsonata ? raw : applyInputPath(definition.InputPath, raw, dataContext);
  const items = jsonata
    ? jsonataItems(macrostep, threadId, definition, raw)
    : definition.ItemsPath !== undefined
      ? selectPath(definition.ItemsPath, effective, dataContext, 'ItemsPath')
      : effective;
  if (!Array.isArray(items)) {
    throw new StatesFailure(
      'States.Runtime',
      describeStateFailure(dataContext, `Map state input must be an array but was: ${JSON.stringify(items)}`),
    );
  }
  const limit = (written: number | string | undefined, path: string | undefined, field: string): number | undefined =>
    jsonata
      ? jsonataCount(macrostep, threadId, written, field.slice(0, -'Path'.length), raw)
      : count(written, path, field, effective, dataContext);
  const maxConcurrency = limit(definition.MaxConcurrency, definition.MaxConcurrencyPath, 'MaxConcurrencyPath') ?? 0;
  const toleratedFailureCount = limit(
    definition.ToleratedFailureCount,
    definition.ToleratedFailureCountPath,
    'ToleratedFailureCountPath',
  );
  const toleratedFailurePercentage = limit(
    definition.ToleratedFailurePercentage,
    definition.ToleratedFailurePercentagePath,
    'ToleratedFailurePercentagePath',
  );
  if (definition.ItemProcessor.ProcessorConfig.Mode === 'DISTRIBUTED') {
    const limits = { maxConcurrency, toleratedFailureCount, toleratedFailurePercentage };
    return startMapRun(macrostep, threadId, definition, items, limits, (index, item) =>
      selectItem(macrostep, threadId, definition, index, item),
    );
  }
  const started = macrostep.emit(
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
  return continueMap(macrostep, threadId, definition, started.id);
}

/** Starts iterations while the concurrency limit allows, and completes the Map when all have ended. */
function continueMap(
  macrostep: Macrostep,
  threadId: string,
  definition: MapState,
  startedEventId: number,
): Work | undefined {
  for (;;) {
    const map = macrostep.active(threadId)?.map;
    if (map?.startedEventId !== startedEventId) return undefined;
    const canStart = map.nextIndex < map.items.length && (map.maxConcurrency === 0 || map.running < map.maxConcurrency);
    if (!canStart)
      return map.running === 0 && map.nextIndex >= map.items.length
        ? completeMap(macrostep, threadId, definition, map)
        : undefined;
    try {
      startIteration(macrostep, threadId, definition, map);
    } catch (error) {
      if (!(error instanceof StatesFailure)) throw error;
      // An ItemSelector that fails fails the Map itself.
      abortChildren(macrostep, threadId, startedEventId);
      if (error.error === 'States.QueryEvaluationError') emitEvaluationFailed(macrostep, threadId, error);
      return handleStateFailure(macrostep, threadId, definition, error.error, error.cause, (facts) => {
        macrostep.emit(threadId, 'MapStateFailed', {}, { facts });
      });
    }
  }
}

function startIteration(macrostep: Macrostep, threadId: string, definition: MapState, map: MapProgress): void {
  const index = map.nextIndex;
  const iterationId = childThreadId(threadId, map.startedEventId, index);
  const name = macrostep.active(threadId)?.name ?? '';
  const item = map.items[index] ?? null;
  const input = serializeOutput(
    macrostep,
    threadId,
    definition.ItemSelector === undefined ? item : selectItem(macrostep, threadId, definition, index, item),
  );
  macrostep.emit(
    iterationId,
    'MapIterationStarted',
    { mapIterationStartedEventDetails: { index, name } },
    { previousEventId: map.linkEventId },
  );
  macrostep.runThread(() => enterState(macrostep, iterationId, definition.ItemProcessor.StartAt, input));
}

function selectItem(
  macrostep: Macrostep,
  threadId: string,
  definition: MapState,
  index: number,
  item: JsonValue,
): JsonValue {
  const active = macrostep.active(threadId);
  const mapItem = { mapItem: { Index: index, Value: item } };
  if (definition.QueryLanguage === 'JSONata')
    return evaluateField(
      macrostep,
      threadId,
      definition.ItemSelector ?? null,
      'ItemSelector',
      { input: JSON.parse(active?.input ?? 'null') as JsonValue },
      mapItem,
    );
  const dataContext = macrostep.dataContext(threadId, mapItem);
  const effective = applyInputPath(definition.InputPath, JSON.parse(active?.input ?? 'null') as JsonValue, dataContext);
  return resolvePayloadTemplate(definition.ItemSelector ?? null, effective, dataContext, 'ItemSelector');
}

/** An iteration ended: record it; a failure beyond the tolerated threshold fails the Map. */
export function mapIterationEnded(
  macrostep: Macrostep,
  parentId: string,
  iterationId: string,
  outcome: ChildEnd,
): Work | undefined {
  const active = macrostep.active(parentId);
  const map = active?.map;
  if (active === undefined || map === undefined) return undefined;
  const definition = macrostep.stateDefinition(parentId, active.name);
  if (definition.Type !== 'Map') return undefined;
  const details = { index: threadIndex(iterationId), name: active.name };
  if ('output' in outcome) {
    macrostep.emit(
      iterationId,
      'MapIterationSucceeded',
      { mapIterationSucceededEventDetails: details },
      { facts: { threadEnd: { output: outcome.output } } },
    );
  } else {
    const threadEnd = { error: outcome.error ?? '', cause: outcome.cause ?? '' };
    macrostep.emit(
      iterationId,
      'MapIterationFailed',
      { mapIterationFailedEventDetails: details },
      { facts: { threadEnd } },
    );
    const after = macrostep.active(parentId)?.map;
    if (after !== undefined && exceedsTolerance(after)) return failMap(macrostep, parentId, definition, after, outcome);
  }
  const startedEventId = map.startedEventId;
  macrostep.enqueue(() => continueMap(macrostep, parentId, definition, startedEventId));
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

function failMap(
  macrostep: Macrostep,
  threadId: string,
  definition: MapState,
  map: MapProgress,
  outcome: ChildEnd,
): Work | undefined {
  abortChildren(macrostep, threadId, map.startedEventId);
  const tolerated = map.toleratedFailureCount !== undefined || map.toleratedFailurePercentage !== undefined;
  const error = tolerated
    ? 'States.ExceedToleratedFailureThreshold'
    : (('error' in outcome ? outcome.error : undefined) ?? '');
  const cause = tolerated
    ? 'The specified tolerated failure threshold was exceeded'
    : 'cause' in outcome
      ? outcome.cause
      : undefined;
  const lastEventId = macrostep.active(threadId)?.map?.lastIterationEventId ?? macrostep.state.lastEventId;
  const next = handleStateFailure(macrostep, threadId, definition, error, cause, (facts) => {
    macrostep.emit(threadId, 'MapStateFailed', {}, { previousEventId: lastEventId, facts });
  });
  if (next !== undefined) macrostep.enqueue(next);
  return undefined;
}

function completeMap(macrostep: Macrostep, threadId: string, definition: MapState, map: MapProgress): Work | undefined {
  const results = map.items.map((_, index) => {
    const output = map.outputs[index];
    return output === undefined ? null : (JSON.parse(output) as JsonValue);
  });
  macrostep.emit(threadId, 'MapStateSucceeded', {}, { previousEventId: map.lastIterationEventId });
  return finishWithResult(macrostep, threadId, definition, results, map.lastIterationEventId);
}

function count(
  literal: number | string | undefined,
  path: string | undefined,
  field: string,
  input: JsonValue,
  dataContext: DataContext,
): number | undefined {
  if (typeof literal === 'number') return literal;
  if (path === undefined) return undefined;
  const value = selectPath(path, input, dataContext, field);
  if (typeof value === 'number' && value >= 0) return value;
  throw new StatesFailure(
    'States.Runtime',
    describeStateFailure(
      dataContext,
      `The ${field} parameter does not reference a valid non-negative number: ${path} == ${JSON.stringify(value)}`,
    ),
  );
}

/**
 * JSONata `Items`: a literal array or an expression that must yield one; without `Items` the state
 * input must be an array. Both failures are `States.QueryEvaluationError` in a JSONata Map
 * (conformance scenarios/test_map_state_items_*).
 */
function jsonataItems(macrostep: Macrostep, threadId: string, definition: MapState, input: JsonValue): JsonValue {
  const dataContext = macrostep.dataContext(threadId);
  if (definition.Items === undefined) {
    if (Array.isArray(input)) return input;
    throw new QueryEvaluationFailure(
      describeStateFailure(dataContext, `Map state input must be an array but was: ${JSON.stringify(input)}`),
    );
  }
  const items = evaluateField(macrostep, threadId, definition.Items, 'Items', { input });
  if (!Array.isArray(items)) throw unexpectedResultType(dataContext, 'Items', definition.Items, 'array', items);
  return items;
}

/** JSONata `MaxConcurrency`/`ToleratedFailure…`: a literal or an expression yielding a non-negative number. */
function jsonataCount(
  macrostep: Macrostep,
  threadId: string,
  written: number | string | undefined,
  field: string,
  input: JsonValue,
): number | undefined {
  if (written === undefined) return undefined;
  if (typeof written === 'number') return written;
  const value = evaluateField(macrostep, threadId, written, field, { input });
  const integral = field !== 'ToleratedFailurePercentage';
  if (typeof value !== 'number' || value < 0 || (integral && !Number.isInteger(value)))
    throw unexpectedResultType(macrostep.dataContext(threadId), field, written, integral ? 'integer' : 'number', value);
  return value;
}
