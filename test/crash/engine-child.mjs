// Child process of crash-safety.test.ts: runs the workload on a real engine with the system clock,
// on a SQLite file (`sqlite <file>`) or in memory (`memory`). The parent talks to it over the IPC
// channel: it calls service actions (`{ type: 'call', id, method, input }` → `{ type: 'reply', … }`),
// receives callback task tokens (`{ type: 'token', token, n }`), and asks for a dump of every
// planned execution and a clean exit (`{ type: 'shutdown', dump }`). The child says `ready` once its
// store is open, `started` once every planned execution is started, and `done` once all are final.
import { setTimeout as delay } from 'node:timers/promises';
import { memoryStore, StepFunctions } from '@statefold/core';
import { FunctionLambdaInvoker } from '@statefold/server';
import { sqliteStore } from '@statefold/store-sqlite';
import {
  ACTIVITY_NAME,
  DEFINITIONS,
  lambdaFunctions,
  plannedExecutions,
  ROLE_ARN,
  stateMachineArnOf,
} from './workload.mjs';

const [storeKind, filename] = process.argv.slice(2);

/** Sends a message to the parent; resolves once it is written to the channel. */
const send = (message) =>
  new Promise((resolve, reject) => process.send(message, (error) => (error ? reject(error) : resolve())));

const store = storeKind === 'memory' ? memoryStore() : await sqliteStore({ filename });
const functions = lambdaFunctions((token, n) => send({ type: 'token', token, n }));
// Task states name functions by ARN, `lambda:invoke` by name: either way the name comes last.
const lambda = new FunctionLambdaInvoker((payload, { functionName }) =>
  functions[functionName.split(':').pop()](payload),
);
const sfn = new StepFunctions({
  store,
  lambda,
  onError: (error) => void send({ type: 'engine-error', message: String(error?.stack ?? error) }),
});

const planned = plannedExecutions().map((execution) => ({
  ...execution,
  stateMachineArn: stateMachineArnOf(execution.kind),
  executionArn: `${stateMachineArnOf(execution.kind).replace(':stateMachine:', ':execution:')}:${execution.name}`,
}));
const unfinished = new Set(planned.map((execution) => execution.executionArn));
const finalEvents = new Set(['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionAborted', 'ExecutionTimedOut']);
let started = false;
let doneSent = false;
const settle = (executionArn) => {
  unfinished.delete(executionArn);
  if (started && unfinished.size === 0 && !doneSent) {
    doneSent = true;
    void send({ type: 'done' });
  }
};

process.on('message', (message) => void handle(message));
await send({ type: 'ready' });
sfn.engine.events$.subscribe(({ executionArn, event }) => {
  if (finalEvents.has(event.type)) settle(executionArn);
});

// As a server does at start: resume what the file holds, then (idempotently) make sure the
// workload's resources and executions exist.
await sfn.recover();
for (const [kind, definition] of Object.entries(DEFINITIONS)) {
  await sfn.createStateMachine({ name: `crash-${kind}`, definition: JSON.stringify(definition), roleArn: ROLE_ARN });
}
await sfn.createActivity({ name: ACTIVITY_NAME });
// Executions arrive steadily, ten every 100 ms, as clients would start them: so that kills find
// executions at every stage, from not yet started to finishing. Those an earlier life of this
// process started are left alone (starting them again would be idempotent anyway).
let starts = 0;
for (const execution of planned) {
  const known = await sfn.describeExecution({ executionArn: execution.executionArn }).then(
    () => true,
    () => false,
  );
  if (known) continue;
  if (++starts % 10 === 0) await delay(100);
  await sfn.startExecution({
    stateMachineArn: execution.stateMachineArn,
    name: execution.name,
    input: execution.input,
  });
}
await send({ type: 'started' });
started = true;
for (const execution of planned) {
  const { status } = await sfn.describeExecution({ executionArn: execution.executionArn });
  if (status !== 'RUNNING') settle(execution.executionArn);
}
if (unfinished.size === 0) settle(undefined);

async function handle(message) {
  if (message.type === 'call') {
    try {
      const result = await sfn[message.method](message.input);
      await send({ type: 'reply', id: message.id, ok: true, result });
    } catch (error) {
      await send({ type: 'reply', id: message.id, ok: false, name: error.name, message: error.message });
    }
  } else if (message.type === 'shutdown') {
    await sfn.close();
    if (message.dump) {
      const executions = [];
      for (const execution of planned) {
        executions.push({
          name: execution.name,
          kind: execution.kind,
          summary: (await store.getExecution(execution.executionArn)) ?? null,
          events: await store.readEvents(execution.executionArn),
        });
      }
      await send({ type: 'dump', executions });
    }
    await store.close();
    process.disconnect();
    process.exit(0);
  }
}
