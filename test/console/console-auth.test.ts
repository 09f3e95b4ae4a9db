import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateStateMachineCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createTempDir,
  killAllServerProcesses,
  PROCESS_SUITE_TIMEOUTS,
  ROLE_ARN,
  startServerProcess,
  type ServerProcess,
  type TempDir,
} from '../e2e/server-process.js';
import { launchBrowser } from './browser.js';

vi.setConfig(PROCESS_SUITE_TIMEOUTS);

// With `auth` in the server's config, the console asks for an access key and signs every request
// (the Step Functions API's and its own) with SigV4 in the browser.

const KEY = { accessKeyId: 'AKIDCONSOLE', secretAccessKey: 'console-secret' };
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 50 });

let dir: TempDir;
let server: ServerProcess;
let browser: Browser;
let executionArn: string;

beforeAll(async () => {
  dir = await createTempDir('statefold-console-auth-');
  const config = join(dir.path, 'statefold.config.json');
  await writeFile(config, JSON.stringify({ auth: { credentials: [KEY] } }));
  server = await startServerProcess({ db: join(dir.path, 'auth.db'), args: ['--config', config] });
  const client = new SFNClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: KEY, maxAttempts: 1 });
  const { stateMachineArn } = await client.send(
    new CreateStateMachineCommand({
      name: 'guarded',
      definition: JSON.stringify({ StartAt: 'Only', States: { Only: { Type: 'Pass', End: true } } }),
      roleArn: ROLE_ARN,
    }),
  );
  ({ executionArn = '' } = await client.send(new StartExecutionCommand({ stateMachineArn, name: 'signed' })));
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await killAllServerProcesses();
  await dir?.remove();
});

describe('the console on a server with auth', () => {
  it('refuses the console API without a signature', async () => {
    const response = await fetch(`${server.endpoint}/console/api/execution`, {
      method: 'POST',
      body: JSON.stringify({ executionArn }),
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { __type: string }).__type).toBe('MissingAuthenticationTokenException');
  });

  it('asks for an access key, then signs its requests with it', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.endpoint}/`);
    await eventually(() => page.getByRole('alert').textContent()).toContain('UnrecognizedClientException');
    await page.getByRole('link', { name: 'Enter an access key' }).click();
    await page.locator('input[name="accessKeyId"]').fill(KEY.accessKeyId);
    await page.locator('input[name="secretAccessKey"]').fill(KEY.secretAccessKey);
    await page.getByRole('button', { name: 'Use this key' }).click();
    await eventually(() => page.getByTestId('state-machines').textContent()).toContain('guarded');
    // The console's own API (history, state at event, audit) is signed too.
    await page.goto(`${server.endpoint}/#/execution/${encodeURIComponent(executionArn)}`);
    await eventually(() => page.getByTestId('execution-status').textContent()).toBe('SUCCEEDED');
    await eventually(() => page.getByTestId('chain-status').textContent()).toContain('Hash chain verifies');
    await page.close();
  });
});
