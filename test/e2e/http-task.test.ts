import { writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateStateMachineCommand, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createSdkClient,
  createTempDir,
  killAllServerProcesses,
  PROCESS_SUITE_TIMEOUTS,
  ROLE_ARN,
  startServerProcess,
  waitForExecutionEnd,
  type TempDir,
} from './server-process.js';

vi.setConfig(PROCESS_SUITE_TIMEOUTS);

// HTTP Tasks through the real `statefold serve` (configured with a connection and a 1 s timeout)
// against a real HTTP server the test starts: success, 4xx and 5xx mapped to AWS's errors, timeout.

const CONNECTION_ARN = 'arn:aws:events:us-east-1:123456789012:connection/orders/0001';

let dir: TempDir;
let api: Server;
let base: string;
let client: SFNClient;
const seenHeaders: IncomingHttpHeaders[] = [];

beforeAll(async () => {
  api = createServer((request, response) => {
    seenHeaders.push(request.headers);
    request.resume();
    const status = Number(/^\/status\/(\d+)/.exec(request.url ?? '')?.[1] ?? 200);
    if (request.url?.startsWith('/hang') === true) return;
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ path: request.url, method: request.method }));
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  dir = await createTempDir();
  const config = `${dir.path}/statefold.json`;
  await writeFile(
    config,
    JSON.stringify({
      http: {
        timeoutSeconds: 1,
        connections: { [CONNECTION_ARN]: { basic: { username: 'svc', password: 'pw' } } },
      },
    }),
  );
  const server = await startServerProcess({ db: `${dir.path}/statefold.db`, args: ['--config', config] });
  client = createSdkClient(server.endpoint);
});

afterAll(async () => {
  client.destroy();
  await killAllServerProcesses();
  api.closeAllConnections();
  await new Promise((resolve) => api.close(resolve));
  await dir.remove();
});

async function run(path: string, name: string) {
  const machine = await client.send(
    new CreateStateMachineCommand({
      name,
      roleArn: ROLE_ARN,
      definition: JSON.stringify({
        StartAt: 'Call',
        States: {
          Call: {
            Type: 'Task',
            Resource: 'arn:aws:states:::http:invoke',
            Parameters: {
              ApiEndpoint: `${base}${path}`,
              Method: 'GET',
              Authentication: { ConnectionArn: CONNECTION_ARN },
              QueryParameters: { 'q.$': '$.q' },
            },
            End: true,
          },
        },
      }),
    }),
  );
  const { executionArn } = await client.send(
    new StartExecutionCommand({ stateMachineArn: machine.stateMachineArn, input: '{"q":"x"}' }),
  );
  return waitForExecutionEnd(client, executionArn);
}

describe('an HTTP Task on the server', () => {
  it('calls the endpoint with the connection’s credentials and outputs the response', async () => {
    const done = await run('/orders', 'ok');
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output ?? '')).toMatchObject({
      ResponseBody: { path: '/orders?q=x', method: 'GET' },
      StatusCode: 200,
      StatusText: 'OK',
    });
    expect(seenHeaders.at(-1)?.authorization).toBe(`Basic ${Buffer.from('svc:pw').toString('base64')}`);
  });

  it.each([404, 500])('fails a %i answer with States.Http.StatusCode.<status>', async (status) => {
    const done = await run(`/status/${status}`, `status-${status}`);
    expect(done).toMatchObject({ status: 'FAILED', error: `States.Http.StatusCode.${status}` });
    expect(JSON.parse(done.cause ?? '')).toMatchObject({ StatusCode: status });
  });

  it('fails with States.Http.Socket when the endpoint does not answer in time', async () => {
    const done = await run('/hang', 'hang');
    expect(done).toMatchObject({ status: 'FAILED', error: 'States.Http.Socket' });
  });
});
