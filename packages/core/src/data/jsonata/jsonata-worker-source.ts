// The code of the worker thread between the calling thread and the evaluator processes
// (jsonata-evaluator-source.ts). The calling thread may block on `Atomics.wait` for an answer (a
// synchronous `evaluate`), so something off that thread must talk to the child processes, whose
// channel is asynchronous: this worker. It keeps a small pool of evaluator processes, runs each
// request on an idle one (queueing when all are busy), kills a process whose evaluation outlives
// the time bound, and reports a process that died (out of memory) as the evaluation's failure.
// It evaluates nothing itself, so no expression can exhaust its heap.
//
// Protocol with the calling thread, over `workerData.port` (a MessagePort) and `workerData.flags`
// (an Int32Array on a SharedArrayBuffer; flag 0 is raised after every message this worker posts):
//   caller → worker  { kind: 'evaluate', id, template, field, states, variables, nowMillis }
//                    { kind: 'answer', id, callId, value? | error }   (to a call)
//   worker → caller  { kind: 'call', id, callId, name, args } | { kind: 'result', id, value }
//                    { kind: 'failure', id, failure }

/** JavaScript (CommonJS) run by `new Worker(source, { eval: true })`. */
export const JSONATA_WORKER_SOURCE = String.raw`
'use strict';
const { workerData } = require('node:worker_threads');
const { spawn } = require('node:child_process');
const flags = new Int32Array(workerData.flags);
const port = workerData.port;
const { evaluatorSource, jsonataPath, functions, timeoutMs, memoryLimitMb, maxValueBytes, maxProcesses } = workerData;
const idle = [];
const queue = [];
const running = new Map();
let processes = 0;

function post(message) {
  port.postMessage(message);
  Atomics.store(flags, 0, 1);
  Atomics.notify(flags, 0);
}

function startProcess() {
  processes++;
  const child = spawn(
    process.execPath,
    ['--max-old-space-size=' + memoryLimitMb, '-e', evaluatorSource, jsonataPath, JSON.stringify(functions), String(maxValueBytes)],
    { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] },
  );
  const slot = { child, request: undefined, timer: undefined, timedOut: false, stderr: '' };
  child.stderr.setEncoding('utf8').on('data', (text) => {
    slot.stderr = (slot.stderr + text).slice(-2000);
  });
  child.on('message', (message) => {
    if (slot.request === undefined || message.id !== slot.request.id) return;
    post(message);
    if (message.kind !== 'call') finish(slot);
  });
  child.on('error', () => {});
  // 'close', not 'exit': the child's stderr (which says whether it ran out of memory) is read to its end.
  child.on('close', (code, signal) => {
    processes--;
    const index = idle.indexOf(slot);
    if (index >= 0) idle.splice(index, 1);
    const request = slot.request;
    slot.request = undefined;
    clearTimeout(slot.timer);
    if (request !== undefined) running.delete(request.id);
    if (request !== undefined && !slot.timedOut) {
      const outOfMemory = signal === 'SIGABRT' || /heap out of memory|Allocation failed/i.test(slot.stderr);
      post({
        kind: 'failure',
        id: request.id,
        failure: outOfMemory
          ? { kind: 'memory', field: request.field, expression: '', limitMb: memoryLimitMb }
          : { kind: 'error', field: request.field, expression: '', message: 'The JSONata evaluator stopped (' + (signal ?? 'exit code ' + code) + ')' },
      });
    }
    next();
  });
  return slot;
}

function run(slot, request) {
  slot.request = request;
  running.set(request.id, slot);
  slot.timedOut = false;
  slot.stderr = '';
  slot.timer = setTimeout(() => {
    slot.timedOut = true;
    post({ kind: 'failure', id: request.id, failure: { kind: 'timeout', field: request.field, expression: '', timeoutMs } });
    slot.child.kill('SIGKILL');
  }, timeoutMs);
  slot.child.send(request);
}

function finish(slot) {
  clearTimeout(slot.timer);
  running.delete(slot.request.id);
  slot.request = undefined;
  idle.push(slot);
  next();
}

function next() {
  while (queue.length > 0) {
    const slot = idle.pop() ?? (processes < maxProcesses ? startProcess() : undefined);
    if (slot === undefined) return;
    run(slot, queue.shift());
  }
  // One idle process is kept warm; the others a burst of evaluations started are let go.
  while (idle.length > 1) idle.pop().child.kill('SIGKILL');
}

port.on('message', (message) => {
  if (message.kind === 'answer') {
    const slot = running.get(message.id);
    if (slot !== undefined) slot.child.send(message);
    return;
  }
  queue.push(message);
  next();
});

// Started at once, so that the first evaluation need not wait for a process to start.
idle.push(startProcess());
`;
