// Random state machines for property tests: a seed gives a definition (JSONPath, every state type
// but Task limited to one Lambda function — or, with `callbacks`, also a `.waitForTaskToken` call and
// an activity, both with a heartbeat — and Pass states that draw random values: States.MathRandom,
// States.UUID, or a JSONata Pass calling $random(), $uuid() and $shuffle()) and an input. Plain code, no test
// framework: the property tests draw the seeds with fast-check.

/** The Lambda function every random Task calls: it fails when `$.n` is a multiple of 3. */
export const RANDOM_FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:random-task';

/** The `.waitForTaskToken` integration a random Task may call (with `callbacks`): its task token answers it. */
export const RANDOM_CALLBACK_RESOURCE = 'arn:aws:states:::sqs:sendMessage.waitForTaskToken';

/** The activity a random Task may run (with `callbacks`): a worker answers it. */
export const RANDOM_ACTIVITY_ARN = 'arn:aws:states:us-east-1:123456789012:activity:random-task';

/** What the random Task's function answers for a payload: a result, or an error name. */
export function randomTaskOutcome(payload: unknown): { readonly output: unknown } | { readonly error: string } {
  const n =
    typeof payload === 'object' && payload !== null && 'n' in payload ? (payload as { n: unknown }).n : undefined;
  if (typeof n !== 'number') return { error: 'Fn.BadInput' };
  return n % 3 === 0 ? { error: 'Fn.Error' } : { output: { doubled: n * 2 } };
}

/** A random definition and input. */
export interface RandomMachine {
  readonly definition: Record<string, unknown>;
  readonly input: { readonly n: number; readonly items: readonly number[] };
}

/** Which Tasks a random machine has: none, Lambda function calls (the default), or also callbacks and activities. */
export interface RandomMachineOptions {
  readonly tasks?: boolean;
  /**
   * Tasks may also be `.waitForTaskToken` calls and activities, with HeartbeatSeconds: only a driver
   * that answers task tokens and activity workers runs them to an end. Off, a seed gives the machine it always gave.
   */
  readonly callbacks?: boolean;
}

/** Builds a random machine from a seed (deterministic: the same seed, the same machine). */
export function randomMachine(seed: number, options: RandomMachineOptions = {}): RandomMachine {
  const next = prng(seed);
  const pick = (n: number): number => Math.floor(next() * n);
  const names = { count: 0 };
  const input = { n: pick(20), items: Array.from({ length: pick(4) }, () => pick(10)) };
  const tasks = { tasks: options.tasks ?? true, callbacks: options.callbacks ?? false };
  return { definition: chain(pick, names, 2 + pick(5), 0, tasks), input };
}

type Pick = (n: number) => number;
type Tasks = { readonly tasks: boolean; readonly callbacks: boolean };

/** A scope (the machine, a branch or an item processor): states S0 → S1 → … in a line, Choices jumping forward. */
function chain(
  pick: Pick,
  names: { count: number },
  length: number,
  depth: number,
  tasks: Tasks,
): Record<string, unknown> {
  const available = [
    'Pass',
    'Wait',
    'Choice',
    'Fail',
    'Succeed',
    ...(tasks.tasks ? ['Task'] : []),
    ...(depth < 1 ? ['Parallel', 'Map'] : []),
  ];
  const kinds: string[] = [];
  for (let i = 0; i < length; i++) {
    let kind = available[pick(available.length)] ?? 'Pass';
    if ((kind === 'Fail' || kind === 'Succeed') && i < length - 1 && pick(3) !== 0) kind = 'Pass';
    kinds.push(kind);
    // A Fail or Succeed ends the line: states after it could never be reached.
    if (kind === 'Fail' || kind === 'Succeed') break;
  }
  if (kinds.at(-1) === 'Choice') kinds[kinds.length - 1] = 'Pass';
  const stateNames = kinds.map(() => `S${names.count++}`);
  const states: Record<string, unknown> = {};
  kinds.forEach((kind, i) => {
    const name = stateNames[i] ?? '';
    const isLast = i === kinds.length - 1;
    const next = isLast ? { End: true } : { Next: stateNames[i + 1] };
    const later = stateNames[i + 1 + pick(kinds.length - i - 1)] ?? stateNames[kinds.length - 1];
    switch (kind) {
      case 'Pass':
        states[name] = { ...randomPass(pick, name), ...next };
        break;
      case 'Wait':
        states[name] =
          pick(2) === 0 ? { Type: 'Wait', Seconds: pick(5), ...next } : { Type: 'Wait', SecondsPath: '$.n', ...next };
        break;
      case 'Choice':
        states[name] = {
          Type: 'Choice',
          Choices: [{ Variable: '$.n', NumericGreaterThan: pick(20), Next: later }],
          Default: stateNames[i + 1],
        };
        break;
      case 'Fail':
        states[name] = { Type: 'Fail', Error: `Random.${name}`, Cause: 'random' };
        break;
      case 'Succeed':
        states[name] = { Type: 'Succeed' };
        break;
      case 'Task':
        states[name] = {
          ...randomTask(pick, tasks.callbacks),
          ResultPath: `$.${name}`,
          ...(pick(2) === 0
            ? {
                Retry: [
                  {
                    ErrorEquals: tasks.callbacks ? ['Fn.Error', 'States.HeartbeatTimeout'] : ['Fn.Error'],
                    IntervalSeconds: 1,
                    MaxAttempts: 1 + pick(2),
                    JitterStrategy: 'FULL',
                  },
                ],
              }
            : {}),
          ...(pick(2) === 0 && !isLast
            ? { Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: `$.${name}`, Next: later }] }
            : {}),
          ...next,
        };
        break;
      case 'Parallel':
        states[name] = {
          Type: 'Parallel',
          ResultPath: `$.${name}`,
          Branches: Array.from({ length: 1 + pick(3) }, () => chain(pick, names, 1 + pick(3), depth + 1, tasks)),
          ...next,
        };
        break;
      default:
        states[name] = {
          Type: 'Map',
          ItemsPath: '$.items',
          MaxConcurrency: pick(3),
          ItemSelector: { 'n.$': '$$.Map.Item.Value', 'index.$': '$$.Map.Item.Index', 'items.$': '$.items' },
          ResultPath: `$.${name}`,
          ItemProcessor: { ...chain(pick, names, 1 + pick(3), depth + 1, tasks) },
          ...next,
        };
    }
  });
  return { StartAt: stateNames[0], States: states };
}

/** A Task calling the random function; with `callbacks`, maybe a `.waitForTaskToken` call or an activity instead. */
function randomTask(pick: Pick, callbacks: boolean): Record<string, unknown> {
  const choice = callbacks ? pick(3) : 0;
  if (choice === 0) return { Type: 'Task', Resource: RANDOM_FUNCTION_ARN, Parameters: { 'n.$': '$.n' } };
  return choice === 1
    ? {
        Type: 'Task',
        Resource: RANDOM_CALLBACK_RESOURCE,
        Parameters: { 'n.$': '$.n', 'token.$': '$$.Task.Token' },
        HeartbeatSeconds: 30,
      }
    : { Type: 'Task', Resource: RANDOM_ACTIVITY_ARN, Parameters: { 'n.$': '$.n' }, HeartbeatSeconds: 30 };
}

/** A Pass that records a fixed result, or values drawn at random, under `$.<name>` (the rest of the input passes on). */
function randomPass(pick: Pick, name: string): Record<string, unknown> {
  switch (pick(3)) {
    case 0:
      return { Type: 'Pass', Result: { at: name }, ResultPath: `$.${name}` };
    case 1:
      return {
        Type: 'Pass',
        Parameters: { 'r.$': 'States.MathRandom(1, 1000)', 'u.$': 'States.UUID()' },
        ResultPath: `$.${name}`,
      };
    default:
      return {
        Type: 'Pass',
        QueryLanguage: 'JSONata',
        Output: `{% $merge([$states.input, { "${name}": { "r": $random(), "u": $uuid(), "s": $shuffle([1, 2, 3, 4, 5]) } }]) %}`,
      };
  }
}

// mulberry32: a small deterministic generator, so that a seed names one machine.
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
