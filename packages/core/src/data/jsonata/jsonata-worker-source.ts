// The code of the worker thread that evaluates JSONata expressions. The `jsonata` package
// evaluates asynchronously, while `decide` is synchronous and pure; so evaluation runs on this
// worker and the calling thread blocks on `Atomics.wait` until the answer arrives (see
// jsonata-runtime.ts). The worker is generic: it compiles (once per expression text), walks a
// template, and forwards every Step Functions function ($partition, $uuid, $random …) to the
// calling thread, which owns the randomness and the implementations. `Date` is pinned to the
// state's timestamp during an evaluation, so `$now()` and `$millis()` never read the system clock.
//
// Protocol over `workerData.port` (a MessagePort) and `workerData.flags` (an Int32Array on a
// SharedArrayBuffer): flag 0 is raised by the worker when it has posted a message for the caller
// (a result or a function call); flag 1 is raised by the caller when it has answered a call.

/** JavaScript (CommonJS) run by `new Worker(source, { eval: true })`. */
export const JSONATA_WORKER_SOURCE = String.raw`
'use strict';
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const jsonata = require(workerData.jsonataPath);
const flags = new Int32Array(workerData.flags);
const port = workerData.port;
const functions = workerData.functions;
const MAX_CACHED = 5000;
const SEQUENCE_FUNCTIONS = new Set(['range']);
const compiled = new Map();
const RealDate = Date;
let pinnedMillis = 0;

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

function signal() {
  Atomics.store(flags, 0, 1);
  Atomics.notify(flags, 0);
}

function callCaller(name, args) {
  port.postMessage({ kind: 'call', name, args: args.map((arg) => (arg === undefined ? { absent: true } : { value: arg })) });
  signal();
  Atomics.wait(flags, 1, 0);
  Atomics.store(flags, 1, 0);
  const answer = receiveMessageOnPort(port).message;
  if (answer.error !== undefined) throw answer.error;
  // AWS's $range yields a JSONata sequence, so a one-number range is that number
  // (intrinsic_functions/test_array_jsonata: $range(1, 9, 9) is 1).
  if (SEQUENCE_FUNCTIONS.has(name) && Array.isArray(answer.value)) answer.value.sequence = true;
  return answer.value;
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
  try {
    result = await compile(body).evaluate(undefined, bindings);
  } catch (error) {
    throw new Failure({ kind: 'error', field, expression: body, ...describeError(error) });
  }
  let json;
  try {
    json = result === undefined ? undefined : JSON.stringify(result, rejectFunctions);
  } catch (error) {
    if (error === UNSUPPORTED) throw new Failure({ kind: 'unsupported', field, expression: body });
    throw error;
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

port.on('message', async (request) => {
  let answer;
  pinnedMillis = request.nowMillis;
  try {
    const bindings = { ...request.variables, states: request.states, eval: evalUnavailable };
    answer = { kind: 'result', id: request.id, value: await resolve(request.template, request.field, bindings) };
  } catch (error) {
    const details = error instanceof Failure ? error.details : { kind: 'error', field: request.field, expression: '', ...describeError(error) };
    answer = { kind: 'failure', id: request.id, failure: details };
  }
  port.postMessage(answer);
  signal();
});
`;
