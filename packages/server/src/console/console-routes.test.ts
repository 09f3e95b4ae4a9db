import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StepFunctions, type Store } from '@statefold/core';
import { memoryStore } from '@statefold/store-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleRoutes, type ConsoleRoutes } from './console-routes.js';

const ROLE_ARN = 'arn:aws:iam::123456789012:role/console-test';
const DEFINITION = JSON.stringify({
  StartAt: 'First',
  States: {
    First: { Type: 'Pass', Result: { n: 1 }, Next: 'Second' },
    Second: { Type: 'Pass', End: true },
  },
});

let store: Store;
let sfn: StepFunctions;
let routes: ConsoleRoutes;
let assets: string;
let executionArn: string;

const post = async (route: string, body: unknown) => {
  const answer = await routes.answer('POST', `/console/api/${route}`, Buffer.from(JSON.stringify(body)));
  return { ...answer, json: answer.contentType === 'application/json' ? JSON.parse(String(answer.body)) : undefined };
};

beforeAll(async () => {
  assets = await mkdtemp(join(tmpdir(), 'statefold-console-assets-'));
  await writeFile(join(assets, 'index.html'), '<!doctype html><title>console</title>');
  store = memoryStore();
  sfn = new StepFunctions({ store });
  routes = createConsoleRoutes(store, assets);
  const { stateMachineArn } = await sfn.createStateMachine({ name: 'two', definition: DEFINITION, roleArn: ROLE_ARN });
  ({ executionArn } = await sfn.startExecution({ stateMachineArn, name: 'run', input: '{}' }));
});

afterAll(async () => {
  await sfn.close();
  await store.close();
  await rm(assets, { recursive: true, force: true });
});

describe('the console routes', () => {
  it('serve the page to a browser and leave GET / a health check for everyone else', () => {
    expect(routes.owns('GET', '/', 'text/html,application/xhtml+xml')).toBe(true);
    expect(routes.owns('GET', '/', '*/*')).toBe(false);
    expect(routes.owns('POST', '/', 'text/html')).toBe(false);
    expect(routes.owns('GET', '/assets/index.js', '')).toBe(true);
    expect(routes.owns('POST', '/console/api/execution', '')).toBe(true);
  });

  it('answer the page, and nothing outside the assets directory', async () => {
    const page = await routes.answer('GET', '/', Buffer.alloc(0));
    expect(page.status).toBe(200);
    expect(page.contentType).toContain('text/html');
    expect(String(page.body)).toContain('<title>console</title>');
    expect((await routes.answer('GET', '/assets/../../etc/passwd', Buffer.alloc(0))).status).toBe(404);
    expect((await routes.answer('GET', '/assets/%2e%2e/%2e%2e/etc/passwd', Buffer.alloc(0))).status).toBe(404);
    expect((await routes.answer('GET', '/assets/missing.js', Buffer.alloc(0))).status).toBe(404);
  });

  it('give an execution with its definition and every event', async () => {
    const { status, json } = await post('execution', { executionArn });
    expect(status).toBe(200);
    expect(json.execution.status).toBe('SUCCEEDED');
    expect(json.definition).toBe(DEFINITION);
    expect(json.events.map((e: { event: { type: string } }) => e.event.type)).toEqual([
      'ExecutionStarted',
      'PassStateEntered',
      'PassStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('give only the events after a given one, for a page following a running execution', async () => {
    const { json } = await post('execution', { executionArn, afterEventId: 4 });
    expect(json.events.map((e: { event: { id: number } }) => e.event.id)).toEqual([5, 6]);
    expect((await post('execution', { executionArn, afterEventId: 'four' })).status).toBe(400);
  });

  it('give the state at an event, and refuse an event the execution does not have', async () => {
    const { json } = await post('state-at', { executionArn, eventId: 2 });
    expect(json.status).toBe('RUNNING');
    expect(json.threads[0].stateName).toBe('First');
    const beyond = await post('state-at', { executionArn, eventId: 7 });
    expect(beyond.status).toBe(400);
    expect(beyond.json).toEqual({
      __type: 'ValidationException',
      message: 'Event 7 is not in the execution (its events are 1 to 6).',
    });
  });

  it('replay the history against an edited definition and name the first divergent event', async () => {
    const same = await post('what-if', { executionArn, definition: DEFINITION });
    expect(same.json).toEqual({ kind: 'replayed', matchedEvents: 6, recordedEvents: 6 });
    const edited = DEFINITION.replace('"n":1', '"n":2');
    const diverged = await post('what-if', { executionArn, definition: edited });
    expect(diverged.json.kind).toBe('replayed');
    expect(diverged.json.divergence.eventId).toBe(3);
    const invalid = await post('what-if', {
      executionArn,
      definition: DEFINITION.replace('"Next":"Second"', '"Next":"Third"'),
    });
    expect(invalid.json.kind).toBe('invalid');
    expect(invalid.json.problems[0].location).toBe('/States/First/Next');
  });

  it('verify the hash chain and export the execution as JSON Lines', async () => {
    const { json } = await post('verify', { executionArn });
    expect(json.problem).toBeUndefined();
    expect(json.eventCount).toBe(6);
    const exported = await post('export', { executionArn });
    expect(exported.contentType).toBe('application/x-ndjson');
    const lines = String(exported.body)
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines[0].kind).toBe('execution');
    expect(lines.slice(1).map((line) => line.event.id)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('answer bad requests with an AWS error name and a message', async () => {
    expect((await post('execution', { executionArn: `${executionArn}-nope` })).json).toEqual({
      __type: 'ExecutionDoesNotExist',
      message: `Execution Does Not Exist: '${executionArn}-nope'`,
    });
    expect((await post('execution', {})).json.__type).toBe('ValidationException');
    expect((await post('nothing', {})).status).toBe(404);
    expect((await routes.answer('GET', '/console/api/execution', Buffer.alloc(0))).status).toBe(405);
    const notJson = await routes.answer('POST', '/console/api/execution', Buffer.from('{'));
    expect(notJson.status).toBe(400);
    expect((await post('state-at', { executionArn, eventId: 'two' })).status).toBe(400);
  });
});
