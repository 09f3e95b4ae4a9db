import { StatesFailure } from '../../errors/index.js';
import { describeStateFailure, type DataContext } from '../context/data-context.js';
import { jsonNestsDeeperThan, nestingProblem } from '../json/bounded-json.js';
import { setMember, type JsonValue } from '../json/json.js';

/** AWS's limit on one variable's value (JSON text, UTF-8). */
export const MAX_VARIABLE_BYTES = 262_144;
/** AWS's limit on all the values one `Assign` sets together. */
export const MAX_ASSIGN_BYTES = 262_144;
/** AWS's limit on all the variables an execution holds at once. */
export const MAX_TOTAL_VARIABLE_BYTES = 10_485_760;

function bytesOf(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function tooLarge(dataContext: DataContext, detail: string): StatesFailure {
  return new StatesFailure('States.DataLimitExceeded', describeStateFailure(dataContext, detail));
}

// A variable that a loop keeps wrapping in itself would grow until some walk of it overflows the
// stack: past MAX_JSON_DEPTH it fails the state, as a state output does.
function variableText(name: string, value: JsonValue, dataContext: DataContext): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  if (text !== undefined && !jsonNestsDeeperThan(text)) return text;
  throw new StatesFailure(
    'States.Runtime',
    describeStateFailure(dataContext, `The variable '${name}' cannot be assigned: ${nestingProblem()}.`),
  );
}

/**
 * Serialises the variables one state assigns (each value as JSON text, as the history's
 * `assignedVariables` records them) and enforces AWS's limits: each value, the whole `Assign`,
 * and the total of the variables visible once they are assigned (`visibleAfter`). Pure; throws
 * `States.DataLimitExceeded` past a limit, and `States.Runtime` for a value nested past MAX_JSON_DEPTH.
 */
export function serializeAssignedVariables(
  assigned: Readonly<Record<string, JsonValue>>,
  visibleAfter: Readonly<Record<string, JsonValue>>,
  dataContext: DataContext,
): Readonly<Record<string, string>> {
  const texts: Record<string, string> = {};
  let assignBytes = 0;
  for (const [name, value] of Object.entries(assigned)) {
    const text = variableText(name, value, dataContext);
    const size = bytesOf(text);
    if (size > MAX_VARIABLE_BYTES)
      throw tooLarge(
        dataContext,
        `The variable '${name}' has a size of ${size} bytes, exceeding the maximum of ${MAX_VARIABLE_BYTES} bytes for a variable.`,
      );
    assignBytes += size;
    setMember(texts, name, text);
  }
  if (assignBytes > MAX_ASSIGN_BYTES)
    throw tooLarge(
      dataContext,
      `The variables assigned by the state have a combined size of ${assignBytes} bytes, exceeding the maximum of ${MAX_ASSIGN_BYTES} bytes for one Assign.`,
    );
  let totalBytes = 0;
  for (const [name, value] of Object.entries(visibleAfter))
    totalBytes += bytesOf(Object.hasOwn(texts, name) ? (texts[name] ?? '') : JSON.stringify(value));
  if (totalBytes > MAX_TOTAL_VARIABLE_BYTES)
    throw tooLarge(
      dataContext,
      `The variables of the execution would have a combined size of ${totalBytes} bytes, exceeding the maximum of ${MAX_TOTAL_VARIABLE_BYTES} bytes.`,
    );
  return texts;
}
