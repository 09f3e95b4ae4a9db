// The code of the child process that evaluates JSONata expressions. It runs in a process of its
// own, not a thread: an expression that builds a huge value (`$pad('', 150000000, 'x')`) can
// exhaust V8's heap, which aborts the whole process it runs in whatever limits a worker thread
// has. Here only this child dies (its heap is capped by `--max-old-space-size`), and the thread
// that spawned it reports the state's failure. Results and function arguments larger than the
// bound it is given are refused before they travel, so no caller ever receives a huge value.
//
// Protocol over the IPC channel (one evaluation at a time per child):
//   parent → child  { kind: 'evaluate', id, template, field, states, variables, nowMillis }
//   child → parent  { kind: 'call', id, callId, name, args }   (a Step Functions function)
//   parent → child  { kind: 'answer', id, callId, value? | error }
//   child → parent  { kind: 'result', id, value } | { kind: 'failure', id, failure }
// `Date` is pinned to the state's timestamp during an evaluation, so `$now()` and `$millis()`
// never read the system clock.

/** JavaScript (CommonJS) run by `node -e` with an IPC channel; argv: jsonata path, functions JSON, max bytes. */
export const JSONATA_EVALUATOR_SOURCE = String.raw`
'use strict';
const jsonata = require(process.argv[1]);
const functions = JSON.parse(process.argv[2]);
const maxBytes = Number(process.argv[3]);
const MAX_CACHED = 5000;
const compiled = new Map();
const RealDate = Date;
let pinnedMillis = 0;
let current;

class PinnedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(pinnedMillis);
    else super(...args);
  }
  static now() {
    return pinnedMillis;
  }
}
globalThis.Date = PinnedDate;

class TooLarge extends Error {}

function bytesOf(json) {
  return json === undefined ? 0 : Buffer.byteLength(json, 'utf8');
}

const SEQUENCE_FUNCTIONS = new Set(['range']);

function callCaller(name, args) {
  const request = current;
  const encoded = args.map((arg) => (arg === undefined ? { absent: true } : { value: arg }));
  if (bytesOf(JSON.stringify(encoded)) > maxBytes)
    throw { code: 'D3141', message: 'The arguments of $' + name + ' exceed ' + maxBytes + ' bytes' };
  const callId = request.calls.size;
  return new Promise((resolve, reject) => {
    request.calls.set(callId, (answer) => {
      if (answer.error !== undefined) return reject(answer.error);
      // AWS's $range yields a JSONata sequence, so a one-number range is that number
      // (intrinsic_functions/test_array_jsonata: $range(1, 9, 9) is 1).
      if (SEQUENCE_FUNCTIONS.has(name) && Array.isArray(answer.value)) answer.value.sequence = true;
      resolve(answer.value);
    });
    process.send({ kind: 'call', id: request.id, callId, name, args: encoded });
  });
}

function compile(body) {
  let expression = compiled.get(body);
  if (expression !== undefined) return expression;
  expression = jsonata(body);
  for (const [name, signature] of Object.entries(functions)) {
    expression.registerFunction(name, (...args) => callCaller(name, args), signature);
  }
  if (compiled.size >= MAX_CACHED) compiled.clear();
  compiled.set(body, expression);
  return expression;
}

function isExpression(value) {
  return typeof value === 'string' && value.length >= 4 && value.startsWith('{%') && value.endsWith('%}');
}

class Failure {
  constructor(details) {
    this.details = details;
  }
}

function describeError(error) {
  if (error !== null && typeof error === 'object') {
    return {
      code: typeof error.code === 'string' ? error.code : undefined,
      message: typeof error.message === 'string' ? error.message : String(error),
    };
  }
  return { code: undefined, message: String(error) };
}

async function evaluateExpression(text, field, bindings) {
  const body = text.slice(2, -2).trim();
  let result;
  let json;
  try {
    result = await compile(body).evaluate(undefined, bindings);
    json = result === undefined ? undefined : JSON.stringify(result, rejectFunctions);
    if (bytesOf(json) > maxBytes) throw new TooLarge();
  } catch (error) {
    if (error === UNSUPPORTED) throw new Failure({ kind: 'unsupported', field, expression: body });
    if (error instanceof TooLarge) throw new Failure({ kind: 'too-large', field, expression: body, bytes: bytesOf(json) });
    throw new Failure({ kind: 'error', field, expression: body, ...describeError(error) });
  }
  if (json === undefined) throw new Failure({ kind: 'undefined', field, expression: body });
  return JSON.parse(json);
}

// A function (a lambda, or a built-in such as $sum) is no JSON value: AWS reports an unsupported result type.
const UNSUPPORTED = Symbol('unsupported');
function rejectFunctions(key, value) {
  if (typeof value === 'function' || (value !== null && typeof value === 'object' && value._jsonata_lambda === true)) {
    throw UNSUPPORTED;
  }
  return value;
}

async function resolve(value, field, bindings) {
  if (isExpression(value)) return evaluateExpression(value, field, bindings);
  if (Array.isArray(value)) {
    const out = [];
    for (let i = 0; i < value.length; i++) out.push(await resolve(value[i], field + '[' + i + ']', bindings));
    return out;
  }
  if (value !== null && typeof value === 'object') {
    const out = {};
    for (const key of Object.keys(value)) {
      const resolved = await resolve(value[key], field + '/' + key, bindings);
      // Defined, not assigned: assigning __proto__ would set the prototype and drop the member.
      Object.defineProperty(out, key, { value: resolved, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

// Step Functions leaves out JSONata's $eval ($parse replaces it): calling it fails as calling any non-function does.
function evalUnavailable() {
  throw { code: 'T1006', message: 'Attempted to invoke a non-function' };
}

async function evaluate(request) {
  pinnedMillis = request.nowMillis;
  try {
    const bindings = { ...request.variables, states: request.states, eval: evalUnavailable };
    const value = await resolve(request.template, request.field, bindings);
    const template = JSON.stringify(value);
    if (bytesOf(template) > maxBytes)
      return { kind: 'failure', id: request.id, failure: { kind: 'too-large', field: request.field, expression: '', bytes: bytesOf(template) } };
    return { kind: 'result', id: request.id, value };
  } catch (error) {
    const details = error instanceof Failure ? error.details : { kind: 'error', field: request.field, expression: '', ...describeError(error) };
    return { kind: 'failure', id: request.id, failure: details };
  }
}

process.on('message', (message) => {
  if (message.kind === 'answer') {
    const settle = current !== undefined && current.id === message.id ? current.calls.get(message.callId) : undefined;
    if (settle !== undefined) settle(message);
    return;
  }
  current = { id: message.id, calls: new Map() };
  void evaluate(message).then((answer) => {
    current = undefined;
    process.send(answer);
  });
});
process.on('disconnect', () => process.exit(0));
`;
