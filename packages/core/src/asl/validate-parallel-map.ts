import { isJsonObject, type JsonObject } from '../data/index.js';
import { elementLocation } from './definition-problem.js';
import { FieldReader } from './field-reader.js';
import { checkKnownFields, checkRequiredFields } from './field-rules.js';
import { readDataFlowFields, readTemplate } from './data-flow-fields.js';
import { optional } from './optional-field.js';
import { checkPayloadTemplate } from './payload-template-syntax.js';
import { readCatch, readRetry } from './validate-error-handling.js';
import type { StateContext } from './state-context.js';
import type { ItemProcessor, MapState, ParallelState, StateScope } from './model.js';

type OwnFields<S> = Omit<S, 'Type' | 'QueryLanguage' | 'Comment' | 'Next' | 'End'>;

// A Map run label is at most 40 characters (AWS, "Map state in Distributed mode").
const MAX_LABEL_LENGTH = 40;

/** Reads the fields particular to a Parallel state: its branches are scopes of their own. */
export function readParallelState(context: StateContext): OwnFields<ParallelState> {
  const { reader, language } = context;
  checkRequiredFields(reader.raw, ['Branches'], reader.location, reader.problems);
  const entries = reader.array('Branches');
  const branches: StateScope[] = [];
  if (entries !== undefined && entries.length === 0) reader.invalid('Branches', 'a non-empty array');
  entries?.forEach((entry, index) => {
    const branch = context.readScope(entry, elementLocation(reader.at('Branches'), index), language, false);
    if (branch !== undefined) branches.push(branch);
  });
  return {
    Branches: branches,
    ...readDataFlowFields(context),
    ...optional('Retry', readRetry(reader)),
    ...optional('Catch', readCatch(reader, language)),
  };
}

/**
 * Reads the fields particular to a Map state. The legacy `Iterator` becomes an `ItemProcessor`
 * (INLINE unless its ProcessorConfig says otherwise) and the legacy `Parameters` becomes `ItemSelector`, so nobody downstream
 * needs to know the old spellings.
 */
export function readMapState(context: StateContext): OwnFields<MapState> {
  const { reader, language } = context;
  reader.exclusive('ItemProcessor', 'Iterator');
  reader.exclusive('ItemSelector', 'Parameters');
  reader.exclusive('MaxConcurrency', 'MaxConcurrencyPath');
  reader.exclusive('ToleratedFailureCount', 'ToleratedFailureCountPath');
  reader.exclusive('ToleratedFailurePercentage', 'ToleratedFailurePercentagePath');
  if (!reader.has('Iterator')) checkRequiredFields(reader.raw, ['ItemProcessor'], reader.location, reader.problems);
  const { Parameters: legacySelector, ...dataFlow } = readDataFlowFields(context);
  const jsonata = language === 'JSONata';
  const count = { min: 0 };
  const percentage = { min: 0, max: 100 };
  return {
    ItemProcessor: readProcessor(context) ?? emptyProcessor(context),
    ...dataFlow,
    ...optional('ItemsPath', reader.path('ItemsPath')),
    ...optional('Items', jsonata ? readItems(reader) : undefined),
    ...optional(
      'ItemSelector',
      (jsonata ? reader.jsonata('ItemSelector') : readTemplate(context, 'ItemSelector')) ?? legacySelector,
    ),
    ...optional(
      'MaxConcurrency',
      jsonata ? reader.integerOrExpression('MaxConcurrency', count) : reader.integer('MaxConcurrency', count),
    ),
    ...optional('MaxConcurrencyPath', reader.path('MaxConcurrencyPath')),
    ...optional(
      'ToleratedFailureCount',
      jsonata
        ? reader.integerOrExpression('ToleratedFailureCount', count)
        : reader.integer('ToleratedFailureCount', count),
    ),
    ...optional('ToleratedFailureCountPath', reader.path('ToleratedFailureCountPath')),
    ...optional(
      'ToleratedFailurePercentage',
      jsonata
        ? reader.numberOrExpression('ToleratedFailurePercentage', percentage)
        : reader.number('ToleratedFailurePercentage', percentage),
    ),
    ...optional('ToleratedFailurePercentagePath', reader.path('ToleratedFailurePercentagePath')),
    ...optional('ItemReader', readConfiguration(context, 'ItemReader')),
    ...optional('ItemBatcher', readConfiguration(context, 'ItemBatcher')),
    ...optional('ResultWriter', readConfiguration(context, 'ResultWriter')),
    ...optional('Label', reader.name('Label', MAX_LABEL_LENGTH)),
    ...optional('Retry', readRetry(reader)),
    ...optional('Catch', readCatch(reader, language)),
  };
}

function readProcessor(context: StateContext): ItemProcessor | undefined {
  const { reader, language } = context;
  const legacy = !reader.has('ItemProcessor');
  const key = legacy ? 'Iterator' : 'ItemProcessor';
  const raw = reader.raw[key];
  if (raw === undefined) return undefined;
  // AWS accepts a ProcessorConfig inside the legacy Iterator too (scenarios/test_map_state_legacy_config_*).
  const scope = context.readScope(raw, reader.at(key), language, true);
  if (scope === undefined || !isJsonObject(raw)) return undefined;
  const config = readProcessorConfig(new FieldReader(raw, reader.at(key), reader.problems));
  return { ...scope, ProcessorConfig: config ?? { Mode: 'INLINE' } };
}

function readProcessorConfig(processor: FieldReader): ItemProcessor['ProcessorConfig'] | undefined {
  const raw = processor.object('ProcessorConfig');
  if (raw === undefined) return undefined;
  const config = new FieldReader(raw, processor.at('ProcessorConfig'), processor.problems);
  checkKnownFields(raw, ['Mode', 'ExecutionType'], config.location, config.problems);
  const mode = config.string('Mode') ?? 'INLINE';
  if (mode !== 'INLINE' && mode !== 'DISTRIBUTED') return config.invalid('Mode', 'one of [INLINE, DISTRIBUTED]');
  const executionType = config.string('ExecutionType');
  if (executionType !== undefined && executionType !== 'STANDARD' && executionType !== 'EXPRESS') {
    return config.invalid('ExecutionType', 'one of [STANDARD, EXPRESS]');
  }
  if (mode === 'DISTRIBUTED' && executionType === undefined) {
    checkRequiredFields(raw, ['ExecutionType'], config.location, config.problems);
  }
  return { Mode: mode, ...optional('ExecutionType', executionType) };
}

// Keeps the model's shape when the processor itself was invalid (the definition is refused anyway).
function emptyProcessor({ language }: StateContext): ItemProcessor {
  return { StartAt: '', States: {}, QueryLanguage: language, ProcessorConfig: { Mode: 'INLINE' } };
}

/** JSONata `Items`: a literal array or a `{% … %}` expression that yields one. */
function readItems(reader: FieldReader): MapState['Items'] {
  const items = reader.raw['Items'];
  if (items === undefined) return undefined;
  if (!Array.isArray(items) && typeof items !== 'string')
    return reader.invalid('Items', 'an array or a JSONata expression');
  if (typeof items === 'string') return reader.expression('Items');
  return reader.jsonata('Items');
}

/** `ItemReader`, `ItemBatcher`, `ResultWriter`: objects whose dynamic values follow the language. */
function readConfiguration({ reader, language }: StateContext, key: string): JsonObject | undefined {
  const value = reader.object(key);
  if (value === undefined) return undefined;
  const before = reader.problems.size;
  if (language === 'JSONPath') checkPayloadTemplate(value, reader.at(key), reader.problems);
  else reader.jsonata(key);
  return reader.problems.size === before ? value : undefined;
}
