import { isJsonObject, type JsonObject, type JsonValue } from '../data/index.js';
import { optional } from './optional-field.js';
import { checkAssign, checkPayloadTemplate } from './payload-template-syntax.js';
import type { StateContext } from './state-context.js';

/** The data-flow fields a state may carry, as the model spells them. */
export interface DataFlowFields {
  readonly InputPath?: string | null;
  readonly OutputPath?: string | null;
  readonly Parameters?: JsonValue;
  readonly ResultSelector?: JsonObject;
  readonly ResultPath?: string | null;
  readonly Arguments?: JsonValue;
  readonly Output?: JsonValue;
  readonly Assign?: JsonObject;
}

/**
 * Reads the data-flow fields present on a state, in its language: `InputPath`, `OutputPath`,
 * `Parameters`, `ResultSelector` and `ResultPath` in JSONPath; `Arguments` and `Output` in
 * JSONata; `Assign` in both. Which of them a state type allows is checked by `checkStateFields`.
 */
export function readDataFlowFields(context: StateContext): DataFlowFields {
  const { reader, language } = context;
  const assign = reader.raw['Assign'];
  const assigned = assign === undefined ? undefined : checkAssign(assign, language, reader.location, reader.problems);
  if (language === 'JSONata') {
    return {
      ...optional('Arguments', readArguments(context)),
      ...optional('Output', reader.jsonata('Output')),
      ...optional('Assign', assigned),
    };
  }
  return {
    ...optional('InputPath', reader.nullablePath('InputPath')),
    ...optional('OutputPath', reader.nullablePath('OutputPath')),
    ...optional('Parameters', readTemplate(context, 'Parameters')),
    ...optional('ResultSelector', readResultSelector(context)),
    ...optional('ResultPath', reader.referencePath('ResultPath')),
    ...optional('Assign', assigned),
  };
}

/** A JSONPath payload template field (`Parameters`, `ItemSelector` …): any JSON, `.$` members checked. */
export function readTemplate({ reader }: StateContext, key: string): JsonValue | undefined {
  const value = reader.raw[key];
  if (value === undefined) return undefined;
  const before = reader.problems.size;
  checkPayloadTemplate(value, reader.at(key), reader.problems);
  return reader.problems.size === before ? value : undefined;
}

function readResultSelector(context: StateContext): JsonObject | undefined {
  const value = context.reader.object('ResultSelector');
  if (value === undefined) return undefined;
  const checked = readTemplate(context, 'ResultSelector');
  return isJsonObject(checked) ? checked : undefined;
}

/** JSONata `Arguments`: a JSON object or a `{% … %}` expression, every expression compiling. */
function readArguments({ reader }: StateContext): JsonValue | undefined {
  const value = reader.raw['Arguments'];
  if (value === undefined) return undefined;
  if (!isJsonObject(value) && typeof value !== 'string')
    return reader.invalid('Arguments', 'a JSON object or a JSONata expression');
  return reader.jsonata('Arguments');
}
