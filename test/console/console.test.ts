import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateActivityCommand, CreateStateMachineCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import BetterSqlite3 from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createSdkClient,
  createTempDir,
  killAllServerProcesses,
  PROCESS_SUITE_TIMEOUTS,
  ROLE_ARN,
  startServerProcess,
  waitForExecutionEnd,
  type ServerProcess,
  type TempDir,
} from '../e2e/server-process.js';
import { launchBrowser, SCREENSHOTS } from './browser.js';

vi.setConfig(PROCESS_SUITE_TIMEOUTS);

// The console in a real browser (Debian's Chromium, driven by playwright-core) against a real
// `statefold serve` on a SQLite file.

const GREETING = {
  StartAt: 'Greet',
  States: {
    Greet: { Type: 'Pass', Result: { greeting: 'hello' }, ResultPath: '$.greeting', Next: 'Pause' },
    Pause: { Type: 'Wait', Seconds: 0, Next: 'Done' },
    Done: { Type: 'Succeed' },
  },
};

const FAILING = {
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Result: { order: 42, ok: false }, Next: 'Check' },
    Check: {
      Type: 'Choice',
      Choices: [{ Variable: '$.ok', BooleanEquals: true, Next: 'Shipped' }],
      Default: 'Boom',
    },
    Shipped: { Type: 'Succeed' },
    Boom: { Type: 'Fail', Error: 'Order.Rejected', Cause: 'The order was not accepted' },
  },
};

let dir: TempDir;
let server: ServerProcess;
let browser: Browser;
let page: Page;
let greetingArn: string;
let failedExecutionArn: string;
let tamperedExecutionArn: string;

async function createMachine(name: string, definition: object): Promise<string> {
  const client = createSdkClient(server.endpoint);
  const created = await client.send(
    new CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn: ROLE_ARN }),
  );
  return created.stateMachineArn ?? '';
}

async function runToEnd(stateMachineArn: string, name: string): Promise<string> {
  const client = createSdkClient(server.endpoint);
  const started = await client.send(new StartExecutionCommand({ stateMachineArn, name, input: '{}' }));
  const executionArn = started.executionArn ?? '';
  await waitForExecutionEnd(client, executionArn);
  return executionArn;
}

beforeAll(async () => {
  dir = await createTempDir('statefold-console-');
  server = await startServerProcess({ db: join(dir.path, 'console.db') });
  greetingArn = await createMachine('greeting', GREETING);
  const failingArn = await createMachine('orders', FAILING);
  failedExecutionArn = await runToEnd(failingArn, 'order-42');
  tamperedExecutionArn = await runToEnd(greetingArn, 'tampered');
  await mkdir(SCREENSHOTS, { recursive: true });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await killAllServerProcesses();
  await dir?.remove();
});

// The page answers as fast as the server; a loaded 2-core machine can take seconds (this bounds, it does not pace).
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 50 });

const executionUrl = (executionArn: string) => `${server.endpoint}/#/execution/${encodeURIComponent(executionArn)}`;

describe('the web console', () => {
  it('lists the state machines and starts an execution from the page, which it shows finishing', async () => {
    await page.goto(`${server.endpoint}/`);
    const machines = page.getByTestId('state-machines');
    await eventually(() => machines.textContent()).toContain('greeting');
    expect(await machines.textContent()).toContain('orders');
    await page.getByRole('link', { name: 'greeting' }).click();
    await page.locator('input[name="executionName"]').fill('from-the-page');
    await page.locator('textarea[name="input"]').fill('{"customer":"Ada"}');
    await page.getByRole('button', { name: 'Start execution' }).click();
    await eventually(() => page.getByTestId('execution-status').textContent()).toBe('SUCCEEDED');
    expect(decodeURIComponent(page.url())).toContain(':execution:greeting:from-the-page');
    // Every state of the run is drawn as succeeded, and the table has every event.
    for (const state of ['Greet', 'Pause', 'Done'])
      expect(await page.locator(`g.node[data-state="${state}"]`).getAttribute('data-outcome')).toBe('succeeded');
    expect(await page.locator('[data-event-id="1"] .col-type').textContent()).toBe('ExecutionStarted');
    await page.screenshot({ path: join(SCREENSHOTS, 'succeeded-execution.png'), fullPage: true });
    // The list page shows it too, and an execution started elsewhere appears without a reload.
    await page.goBack();
    await eventually(() => page.getByTestId('executions').textContent()).toContain('from-the-page');
    await createSdkClient(server.endpoint).send(
      new StartExecutionCommand({ stateMachineArn: greetingArn, name: 'started-elsewhere' }),
    );
    await eventually(() => page.getByTestId('executions').textContent()).toContain('started-elsewhere');
  });

  it('shows a failed execution: the failed state, its input and its error in the side panel', async () => {
    await page.goto(executionUrl(failedExecutionArn));
    await eventually(() => page.getByTestId('execution-status').textContent()).toBe('FAILED');
    expect(await page.locator('g.node[data-state="Boom"]').getAttribute('data-outcome')).toBe('failed');
    expect(await page.locator('g.node[data-state="Shipped"]').getAttribute('data-outcome')).toBe('not-reached');
    await page.locator('g.node[data-state="Boom"]').click();
    expect(await page.getByTestId('panel-state').textContent()).toBe('Boom');
    expect(JSON.parse((await page.getByTestId('panel-input').textContent()) ?? '')).toEqual({ order: 42, ok: false });
    const error = (await page.getByTestId('panel-error').textContent()) ?? '';
    expect(error).toContain('Order.Rejected');
    expect(error).toContain('The order was not accepted');
    await eventually(() => page.getByTestId('snapshot').textContent()).toContain('FAILED');
    await page.screenshot({ path: join(SCREENSHOTS, 'failed-execution.png'), fullPage: true });
  });

  it('replays the execution against an edited definition and highlights the first divergent event', async () => {
    await page.goto(executionUrl(failedExecutionArn));
    const editor = page.locator('textarea[name="definition"]');
    await eventually(() => editor.inputValue()).toContain('Order.Rejected');
    await editor.fill((await editor.inputValue()).replace('Order.Rejected', 'Order.Lost'));
    await page.getByRole('button', { name: 'Replay this execution' }).click();
    const divergent = Number(await page.getByTestId('divergent-event').textContent());
    // The events before the Fail state's are reproduced; the execution's failure differs.
    expect(divergent).toBeGreaterThan(1);
    await eventually(() => page.locator(`.event-row.divergent`).getAttribute('data-event-id')).toBe(String(divergent));
    expect(await page.locator('.event-row.divergent .col-type').textContent()).toBe('ExecutionFailed');
    expect(await page.getByTestId('what-if-result').textContent()).toContain('Order.Lost');
    await page.screenshot({ path: join(SCREENSHOTS, 'what-if.png'), fullPage: true });
  });

  it('locates the validator’s errors of an edited definition in its text', async () => {
    await page.goto(executionUrl(failedExecutionArn));
    const editor = page.locator('textarea[name="definition"]');
    await eventually(() => editor.inputValue()).toContain('"Default": "Boom"');
    const edited = (await editor.inputValue()).replace('"Default": "Boom"', '"Default": "Nowhere"');
    await editor.fill(edited);
    await page.getByRole('button', { name: 'Replay this execution' }).click();
    const problems = (await page.getByTestId('definition-problems').textContent()) ?? '';
    const line = edited.split('\n').findIndex((text) => text.includes('"Default": "Nowhere"')) + 1;
    expect(problems).toContain('Nowhere');
    expect(problems).toContain(`Line ${line}:`);
    expect(await page.locator('.gutter .problem-line').first().textContent()).toContain(String(line));
  });

  it('says the hash chain verifies, and that it is broken once a stored event was edited', async () => {
    await page.goto(executionUrl(tamperedExecutionArn));
    await eventually(() => page.getByTestId('chain-status').textContent()).toContain('Hash chain verifies');
    expect(await page.getByTestId('chain-status').textContent()).toMatch(/head [A-Za-z0-9+/=_-]{20,}/);
    const db = new BetterSqlite3(join(dir.path, 'console.db'));
    try {
      const row = db
        .prepare('select details from events where execution_arn = ? and id = 2')
        .get(tamperedExecutionArn) as { details: string } | undefined;
      expect(row).toBeDefined();
      db.prepare('update events set details = ? where execution_arn = ? and id = 2').run(
        (row?.details ?? '').replace('Greet', 'Greeт'),
        tamperedExecutionArn,
      );
    } finally {
      db.close();
    }
    await page.reload();
    await eventually(() => page.getByTestId('chain-status').textContent()).toContain('Hash chain broken at event 2');
  });

  it('sends a task success to the callback a running execution waits on, and stops another', async () => {
    const client = createSdkClient(server.endpoint);
    const { activityArn } = await client.send(new CreateActivityCommand({ name: 'approval' }));
    const waiting = await createMachine('approval', {
      StartAt: 'Approve',
      States: { Approve: { Type: 'Task', Resource: activityArn, End: true } },
    });
    const started = await client.send(new StartExecutionCommand({ stateMachineArn: waiting, name: 'approve-me' }));
    await page.goto(executionUrl(started.executionArn ?? ''));
    await eventually(() => page.getByTestId('actions').textContent()).toContain("'Approve' waits for its task token");
    await page.locator('textarea[name="taskOutput"]').fill('{"approved":true}');
    await page.getByRole('button', { name: 'Send task success' }).click();
    await eventually(() => page.getByTestId('execution-status').textContent()).toBe('SUCCEEDED');
    expect(await page.locator('g.node[data-state="Approve"]').getAttribute('data-outcome')).toBe('succeeded');

    const second = await client.send(new StartExecutionCommand({ stateMachineArn: waiting, name: 'stop-me' }));
    await page.goto(executionUrl(second.executionArn ?? ''));
    await eventually(() => page.getByTestId('execution-status').textContent()).toBe('RUNNING');
    await page.getByRole('button', { name: 'Stop execution' }).click();
    await eventually(() => page.getByTestId('execution-status').textContent()).toBe('ABORTED');
  });
});
