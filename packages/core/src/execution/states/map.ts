import type { MapState } from '../../asl/index.js';
import {
  applyInputPath,
  describeStateFailure,
  QueryEvaluationFailure,
  resolvePayloadTemplate,
  selectPath,
  parsePathFloat,
  parsePathInteger,
  pathValueText,
  unexpectedResultType,
  type DataContext,
  type JsonValue,
} from '../../data/index.js';
import { emitEvaluationFailed, evaluateField } from '../data-flow.js';
import { inspect } from '../inspection.js';
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
import { noteFailedRun, takeCarried } from '../redrive-point.js';
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
  const prepared = prepareMap(macrostep, threadId, definition);
  if (prepared === undefined) return undefined;
  const { items, maxConcurrency, toleratedFailureCount, toleratedFailurePercentage } = prepared;
  if (definition.ItemProcessor.ProcessorConfig.Mode === 'DISTRIBUTED') {
    const limits = { maxConcurrency, toleratedFailureCount, toleratedFailurePercentage };
    return startMapRun(macrostep, threadId, definition, items, limits, (index, item) =>
      selectItem(macrostep, threadId, definition, index, item),
    );
  }
  const carried = takeCarried(macrostep, threadId);
  const started = macrostep.emit(
    threadId,
    'MapStateStarted',
    { mapStateStartedEventDetails: { length: items.length } },
    {
      facts: {
        ...(carried !== undefined ? { carried } : {}),
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

/** What a Map state works out from its input before its first iteration. */
export interface PreparedMap {
  readonly items: readonly JsonValue[];
  readonly maxConcurrency: number;
  readonly toleratedFailureCount: number | undefined;
  readonly toleratedFailurePercentage: number | undefined;
}

/**
 * The thread's active Map state's items and limits, from its input (or, with an ItemReader, from
 * `readerItems`: what the reader would have read). Throws `StatesFailure` as the state fails.
 */
export function prepareMap(
  macrostep: Macrostep,
  threadId: string,
  definition: MapState,
  readerItems?: JsonValue,
): PreparedMap | undefined {
  const active = macrostep.active(threadId);
  if (active === undefined) return undefined;
  refuseUnsupportedDistributedFields(definition);
  const dataContext = macrostep.dataContext(threadId);
  const raw = JSON.parse(active.input) as JsonValue;
  const jsonata = definition.QueryLanguage === 'JSONata';
  const effective = jsonata ? raw : applyInputPath(definition.InputPath, raw, dataContext);
  if (!jsonata) inspect(macrostep, threadId, { afterInputPath: effective });
  const items =
    readerItems !== undefined
      ? readerItems
      : jsonata
        ? jsonataItems(macrostep, threadId, definition, raw)
        : definition.ItemsPath !== undefined
          ? selectPath(definition.ItemsPath, effective, dataContext, 'ItemsPath')
          : effective;
  if (!jsonata && readerItems === undefined) inspect(macrostep, threadId, { afterItemsPath: items });
  if (!Array.isArray(items)) {
    throw new StatesFailure(
      'States.Runtime',
      describeStateFailure(dataContext, `Map state input must be an array but was: ${JSON.stringify(items)}`),
    );
  }
  const limit = (
    written: number | string | undefined,
    path: string | undefined,
    field: 'MaxConcurrencyPath' | 'ToleratedFailureCountPath' | 'ToleratedFailurePercentagePath',
  ): number | undefined =>
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
  inspect(macrostep, threadId, {
    maxConcurrency,
    ...(toleratedFailureCount !== undefined ? { toleratedFailureCount } : {}),
    ...(toleratedFailurePercentage !== undefined ? { toleratedFailurePercentage } : {}),
  });
  return { items, maxConcurrency, toleratedFailureCount, toleratedFailurePercentage };
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
  // AWS links MapStateFailed to the failed iteration's last event, not to its MapIterationFailed nor
  // to the aborts after it (scenarios/test_map_state_catch, timeouts/test_service_lambda_map_timeout).
  // Read before the aborts, which move the link.
  const linkEventId = map.linkEventId;
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
  noteFailedRun(macrostep, threadId, macrostep.active(threadId)?.map?.outputs ?? map.outputs);
  const next = handleStateFailure(macrostep, threadId, definition, error, cause, (facts) => {
    macrostep.emit(threadId, 'MapStateFailed', {}, { previousEventId: linkEventId, facts });
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

/**
 * A Map limit read through its `…Path` field, converted and checked as AWS does: counts as 32-bit
 * integers and the percentage as a float, each from the selected value's text, so numeric strings
 * count (scenarios/test_max_concurrency_path, test_map_state_tolerated_failure_*_path).
 */
function count(
  literal: number | string | undefined,
  path: string | undefined,
  field: 'MaxConcurrencyPath' | 'ToleratedFailureCountPath' | 'ToleratedFailurePercentagePath',
  input: JsonValue,
  dataContext: DataContext,
): number | undefined {
  if (typeof literal === 'number') return literal;
  if (path === undefined) return undefined;
  const value = selectPath(path, input, dataContext, field);
  const fail = (reason: string): never => {
    throw new StatesFailure('States.Runtime', describeStateFailure(dataContext, reason));
  };
  if (field === 'ToleratedFailurePercentagePath') {
    const percentage = parsePathFloat(value);
    if (percentage === undefined)
      return fail(`The ${field} field refers to value "${pathValueText(value)}" which is not a valid float: ${path}`);
    if (!(percentage >= 0 && percentage <= 100)) return fail('ToleratedFailurePercentage must be between 0 and 100.');
    return percentage;
  }
  const integer = parsePathInteger(value);
  if (integer === undefined)
    return fail(`The ${field} field refers to value "${pathValueText(value)}" which is not a valid integer: ${path}`);
  // AWS stalls on a negative MaxConcurrency; statefold fails the state instead of hanging.
  if (integer < 0) return fail(`${field.slice(0, -'Path'.length)} cannot be negative.`);
  return integer;
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
