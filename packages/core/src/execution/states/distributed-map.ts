import type { MapState, StateScope } from '../../asl/index.js';
import {
  applyInputPath,
  describeStateFailure,
  isJsonObject,
  resolvePayloadTemplate,
  selectPath,
  unexpectedResultType,
  type JsonValue,
} from '../../data/index.js';
import { StatesFailure } from '../../errors/index.js';
import { evaluateField } from '../data-flow.js';
import type { Trigger } from '../trigger.js';
import { finishWithResult, handleStateFailure } from '../state-flow.js';
import type { Macrostep, Work } from '../macrostep.js';

// A Map whose ItemProcessor runs DISTRIBUTED: instead of iterations inside this history, a Map
// Run whose child executions the engine starts, one per item (or per batch of items). This
// history records MapStateStarted, MapRunStarted (with what the children run on among its facts)
// and, once the engine reports the run's outcome, MapRunSucceeded or MapRunFailed.

/** The limits of a Map, resolved from their literal, Path or JSONata forms (map.ts). */
export interface MapLimits {
  readonly maxConcurrency: number;
  readonly toleratedFailureCount: number | undefined;
  readonly toleratedFailurePercentage: number | undefined;
}

/**
 * What statefold cannot run yet is refused as the state's failure, with AWS's error names, rather
 * than run differently: reading items from S3 and writing results there (issue 22).
 */
export function refuseUnsupportedDistributedFields(definition: MapState): void {
  if (definition.ItemProcessor.ProcessorConfig.Mode !== 'DISTRIBUTED') return;
  if (definition.ItemReader !== undefined)
    throw new StatesFailure('States.ItemReaderFailed', 'statefold cannot read Map items with an ItemReader yet.');
  if (definition.ResultWriter !== undefined)
    throw new StatesFailure('States.ResultWriterFailed', 'statefold cannot write Map results with a ResultWriter yet.');
}

/**
 * Starts a Map Run over `items`: each input of a child execution is the item after ItemSelector
 * (`select`), grouped by the ItemBatcher when there is one. The thread then waits for the run.
 */
export function startMapRun(
  macrostep: Macrostep,
  threadId: string,
  definition: MapState,
  items: readonly JsonValue[],
  limits: MapLimits,
  select: (index: number, item: JsonValue) => JsonValue,
): Work | undefined {
  const active = macrostep.active(threadId);
  const identity = macrostep.state.identity;
  if (active === undefined || identity === undefined) return undefined;
  const selected = definition.ItemSelector === undefined ? items : items.map((item, index) => select(index, item));
  const batcher = definition.ItemBatcher;
  const inputs = batcher === undefined ? selected : batchItems(macrostep, threadId, definition, batcher, selected);
  macrostep.emit(threadId, 'MapStateStarted', { mapStateStartedEventDetails: { length: items.length } });
  const label = definition.Label ?? active.name;
  const mapRunArn = `${arnPrefixOf(identity.executionArn)}:mapRun:${identity.stateMachineName}/${label}:${macrostep.env.uuid()}`;
  macrostep.emit(
    threadId,
    'MapRunStarted',
    { mapRunStartedEventDetails: { mapRunArn } },
    {
      facts: {
        mapRun: {
          inputs,
          itemCount: items.length,
          batched: batcher !== undefined,
          maxConcurrency: limits.maxConcurrency,
          ...(limits.toleratedFailureCount !== undefined
            ? { toleratedFailureCount: limits.toleratedFailureCount }
            : {}),
          ...(limits.toleratedFailurePercentage !== undefined
            ? { toleratedFailurePercentage: limits.toleratedFailurePercentage }
            : {}),
          executionType: definition.ItemProcessor.ProcessorConfig.ExecutionType ?? 'STANDARD',
          statePath: statePathOf(macrostep.machine, definition) ?? [],
        },
      },
    },
  );
  return undefined;
}

/**
 * The Map Run ended (the engine's `MapRunEnded`): the Map succeeds with the children's outputs in
 * item order, or fails — with Retry and Catch — with the run's error.
 */
export function endMapRun(
  macrostep: Macrostep,
  threadId: string,
  definition: MapState,
  trigger: Extract<Trigger, { kind: 'MapRunEnded' }>,
): Work | undefined {
  const mapRun = macrostep.active(threadId)?.mapRun;
  if (mapRun === undefined) return undefined;
  const outcome = trigger.outcome;
  if ('outputs' in outcome) {
    macrostep.emit(threadId, 'MapRunSucceeded', {});
    macrostep.emit(threadId, 'MapStateSucceeded', {});
    const results = outcome.outputs.map((output) => JSON.parse(output) as JsonValue);
    // AWS links MapStateExited to MapRunStarted (conformance test_map_state_nested_config_distributed_*).
    return finishWithResult(macrostep, threadId, definition, results, mapRun.startedEventId);
  }
  macrostep.emit(threadId, 'MapRunFailed', {
    mapRunFailedEventDetails: { error: outcome.error, cause: outcome.cause },
  });
  return handleStateFailure(macrostep, threadId, definition, outcome.error, outcome.cause, (facts) => {
    macrostep.emit(threadId, 'MapStateFailed', {}, { facts });
  });
}

/** `arn:<partition>:states:<region>:<account>` of an ARN of that account. */
function arnPrefixOf(arn: string): string {
  return arn.split(':').slice(0, 5).join(':');
}

/**
 * The keys that lead from the definition's root to `target` (`States`, a state name, `Branches`, an
 * index, `ItemProcessor` …): where the engine finds the children's definition in the stored text.
 */
function statePathOf(scope: StateScope, target: MapState): (string | number)[] | undefined {
  for (const [name, state] of Object.entries(scope.States)) {
    if (state === target) return ['States', name];
    const inner =
      state.Type === 'Parallel'
        ? state.Branches.map((branch, index) => ({ scope: branch, keys: ['Branches', index] }))
        : state.Type === 'Map'
          ? [{ scope: state.ItemProcessor as StateScope, keys: ['ItemProcessor'] }]
          : [];
    for (const { scope: child, keys } of inner) {
      const path = statePathOf(child, target);
      if (path !== undefined) return ['States', name, ...keys, ...path];
    }
  }
  return undefined;
}

/**
 * Groups the items as the ItemBatcher says: at most `MaxItemsPerBatch` items and (as JSON) at most
 * `MaxInputBytesPerBatch` bytes per batch, each child's input `{ "BatchInput": …, "Items": […] }`.
 */
function batchItems(
  macrostep: Macrostep,
  threadId: string,
  definition: MapState,
  batcher: Readonly<Record<string, JsonValue>>,
  items: readonly JsonValue[],
): JsonValue[] {
  const raw = JSON.parse(macrostep.active(threadId)?.input ?? 'null') as JsonValue;
  const jsonata = definition.QueryLanguage === 'JSONata';
  const dataContext = macrostep.dataContext(threadId);
  const effective = jsonata ? raw : applyInputPath(definition.InputPath, raw, dataContext);
  const limit = (field: string): number | undefined => {
    const written = batcher[field];
    const path = batcher[`${field}Path`];
    let value: JsonValue | undefined = written;
    if (typeof written === 'string' && jsonata)
      value = evaluateField(macrostep, threadId, written, field, { input: raw });
    else if (typeof path === 'string') value = selectPath(path, effective, dataContext, `${field}Path`);
    if (value === undefined) return undefined;
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
    if (jsonata) throw unexpectedResultType(dataContext, field, written ?? null, 'integer', value);
    throw new StatesFailure(
      'States.Runtime',
      describeStateFailure(
        dataContext,
        `The ${field}Path field does not reference a valid non-negative integer: ${String(path)} == ${JSON.stringify(value)}`,
      ),
    );
  };
  const maxItems = limit('MaxItemsPerBatch') || Number.POSITIVE_INFINITY;
  const maxBytes = limit('MaxInputBytesPerBatch') || Number.POSITIVE_INFINITY;
  const batchInput = batcher['BatchInput'];
  const shared =
    batchInput === undefined
      ? undefined
      : jsonata
        ? evaluateField(macrostep, threadId, batchInput, 'BatchInput', { input: raw })
        : resolvePayloadTemplate(batchInput, effective, dataContext, 'BatchInput');
  if (shared !== undefined && !isJsonObject(shared) && jsonata)
    throw unexpectedResultType(dataContext, 'BatchInput', batchInput ?? null, 'object', shared);
  const batches: JsonValue[] = [];
  let current: JsonValue[] = [];
  let bytes = 0;
  const close = (): void => {
    if (current.length === 0) return;
    batches.push(shared === undefined ? { Items: current } : { BatchInput: shared, Items: current });
    current = [];
    bytes = 0;
  };
  for (const item of items) {
    const size = Buffer.byteLength(JSON.stringify(item), 'utf8') + 1;
    if (current.length >= maxItems || (current.length > 0 && bytes + size > maxBytes)) close();
    current.push(item);
    bytes += size;
  }
  close();
  return batches;
}
