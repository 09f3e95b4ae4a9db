import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { ListActivitiesCommand, ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createSdkClient,
  createTempDir,
  killAllServerProcesses,
  PROCESS_SUITE_TIMEOUTS,
  startServerProcess,
  type ServerProcess,
  type TempDir,
} from './server-process.js';

vi.setConfig(PROCESS_SUITE_TIMEOUTS);

// A public server under hostile clients: `statefold serve` with SigV4 auth and short timeouts from
// its config file, spoken to over raw sockets that trickle bytes, and with signatures that leave
// the action unsigned. The real SDK, the AWS CLI and boto3 must still get through.

const TIMEOUTS = { headersMs: 1_000, requestMs: 2_500, bodyIdleMs: 800 };
const KEY = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'e2e-secret' };

let dir: TempDir;
let server: ServerProcess;
let client: SFNClient;

beforeAll(async () => {
  dir = await createTempDir();
  const config = `${dir.path}/public.json`;
  await writeFile(config, JSON.stringify({ auth: { credentials: [KEY] }, timeouts: TIMEOUTS }));
  server = await startServerProcess({ db: `${dir.path}/statefold.db`, args: ['--config', config] });
  client = createSdkClient(server.endpoint);
});

afterAll(async () => {
  client?.destroy();
  await server?.stop('SIGTERM');
  await killAllServerProcesses();
  await dir?.remove();
});

/** The request exactly as the SDK sent it, signed. */
interface SignedRequest {
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Signs a ListActivities call with the SDK and returns the request it sent (its answer is not needed). */
async function signedListActivities(
  edit?: (headers: Record<string, string>) => void,
  nextToken?: string,
): Promise<SignedRequest> {
  const sdk = createSdkClient(server.endpoint);
  let captured: SignedRequest | undefined;
  if (edit !== undefined) {
    // Before signing: the signer signs whatever headers are there then.
    sdk.middlewareStack.add(
      (next) => async (args) => {
        edit((args.request as { headers: Record<string, string> }).headers);
        return next(args);
      },
      { step: 'build' },
    );
  }
  sdk.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { headers: Record<string, string>; body: string };
      captured = { headers: { ...request.headers }, body: request.body };
      throw new Error('captured');
    },
    { step: 'deserialize' },
  );
  await sdk.send(new ListActivitiesCommand(nextToken === undefined ? {} : { nextToken })).catch(() => undefined);
  sdk.destroy();
  if (captured === undefined) throw new Error('the SDK sent nothing');
  return captured;
}

function headerBlock(headers: Readonly<Record<string, string>>): string {
  return `POST / HTTP/1.1\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n`;
}

/** What came back on a raw connection, once the server closed it (or answered, with `untilAnswer`). */
interface RawExchange {
  readonly status: number;
  readonly errorType: string | undefined;
  readonly text: string;
  /** Body bytes the client had written when the connection ended. */
  readonly bodyBytesSent: number;
}

/**
 * Opens a raw connection, writes `head`, then trickles `body` one byte every `trickleMs` (or sends
 * nothing more when `trickleMs` is absent) until the server answers and closes the connection.
 */
function rawExchange(head: string, body = '', trickleMs?: number): Promise<RawExchange> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1');
    let received = '';
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      clearInterval(timer);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0);
      const errorType = /\r\nx-amzn-errortype: ([^\r]+)/i.exec(received)?.[1];
      resolve({ status, errorType, text: received, bodyBytesSent: sent });
    });
    socket.write(head);
    if (trickleMs === undefined) return;
    timer = setInterval(() => {
      if (sent >= body.length || socket.destroyed) return clearInterval(timer);
      socket.write(body.slice(sent, sent + 1));
      sent++;
    }, trickleMs);
  });
}

function run(command: string, args: readonly string[], env: Record<string, string>): Promise<string> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
  return new Promise((resolve, reject) => {
    execFile(command, [...args], { env: { ...inherited, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error !== null) reject(new Error(`${command} failed: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

const AWS_ENVIRONMENT = {
  AWS_ACCESS_KEY_ID: KEY.accessKeyId,
  AWS_SECRET_ACCESS_KEY: KEY.secretAccessKey,
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_CONFIG_FILE: '/nonexistent/aws-config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_PAGER: '',
};

describe('signatures on a server with auth', () => {
  it('accept the real SDK, the AWS CLI and boto3, which sign host and x-amz-target', async () => {
    expect((await client.send(new ListStateMachinesCommand({}))).stateMachines).toEqual([]);
    const cli = await run(
      'aws',
      ['stepfunctions', '--endpoint-url', server.endpoint, '--output', 'json', 'list-state-machines'],
      AWS_ENVIRONMENT,
    );
    expect(JSON.parse(cli)).toEqual({ stateMachines: [] });
    const boto3 = await run(
      'python3',
      [
        '-c',
        'import boto3, json, sys\n' +
          "sfn = boto3.client('stepfunctions', endpoint_url=sys.argv[1])\n" +
          "print(json.dumps(sfn.list_state_machines()['stateMachines']))",
        server.endpoint,
      ],
      AWS_ENVIRONMENT,
    );
    expect(JSON.parse(boto3)).toEqual([]);
  });

  it('refuse a signature that leaves x-amz-target unsigned with IncompleteSignatureException', async () => {
    let target = '';
    const signed = await signedListActivities((headers) => {
      target = headers['x-amz-target'] ?? '';
      delete headers['x-amz-target'];
    });
    expect(signed.headers.authorization).not.toContain('x-amz-target');
    // Added back after signing: the action is one the signature does not vouch for.
    const answer = await rawExchange(
      headerBlock({ ...signed.headers, 'x-amz-target': target, connection: 'close' }) + signed.body,
    );
    expect(answer.status).toBe(400);
    expect(answer.errorType).toBe('IncompleteSignatureException');
    expect(answer.text).toContain(`'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.`);
  });

  it('refuse a signature made for one action replayed for another', async () => {
    const signed = await signedListActivities();
    const honest = await rawExchange(headerBlock({ ...signed.headers, connection: 'close' }) + signed.body);
    expect(honest.status).toBe(200);
    const replayed = await rawExchange(
      headerBlock({
        ...signed.headers,
        'x-amz-target': 'AWSStepFunctions.ListStateMachines',
        connection: 'close',
      }) + signed.body,
    );
    expect(replayed.errorType).toBe('InvalidSignatureException');
  });
});

describe('slow and unauthenticated clients on a server with auth', () => {
  it('refuses an unknown access key before reading the body', async () => {
    const signed = await signedListActivities();
    const headers = {
      ...signed.headers,
      authorization: (signed.headers.authorization ?? '').replace(KEY.accessKeyId, 'AKIDSTRANGER'),
      'content-length': '1000',
    };
    // Not one byte of the promised body is sent: the answer cannot have waited for it.
    const answer = await rawExchange(headerBlock(headers));
    expect(answer.errorType).toBe('UnrecognizedClientException');
    expect(answer.text).toMatch(/\r\nconnection: close\r\n/i);
    expect(answer.bodyBytesSent).toBe(0);
  });

  it('refuses a malformed Authorization header before reading the body', async () => {
    const answer = await rawExchange(
      headerBlock({
        host: `127.0.0.1:${server.port}`,
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AWSStepFunctions.ListActivities',
        'x-amz-date': '20260101T000000Z',
        authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/states/aws4_request',
        'content-length': '1000',
      }),
    );
    expect(answer.status).toBe(400);
    expect(answer.errorType).toBe('IncompleteSignatureException');
    expect(answer.text).toMatch(/\r\nconnection: close\r\n/i);
  });

  it('answers 408 RequestTimeoutException and closes when a signed body stops arriving', async () => {
    const signed = await signedListActivities();
    const answer = await rawExchange(headerBlock(signed.headers) + signed.body.slice(0, 1));
    expect(answer.status).toBe(408);
    expect(answer.errorType).toBe('RequestTimeoutException');
    expect(answer.text).toContain(`Request body paused for more than ${TIMEOUTS.bodyIdleMs} ms`);
  });

  it('answers 408 and closes when a body trickles in slower than the whole-request timeout allows', async () => {
    const signed = await signedListActivities(undefined, 'x'.repeat(200));
    // Each byte arrives well within the body-idle timeout; the whole body would take 40 s.
    const answer = await rawExchange(headerBlock(signed.headers), signed.body, 200);
    expect(answer.status).toBe(408);
    expect(answer.errorType).toBe('RequestTimeoutException');
    expect(answer.text).toContain(`Request not received within ${TIMEOUTS.requestMs} ms`);
    expect(answer.bodyBytesSent).toBeLessThan(signed.body.length);
  });

  it('answers 408 RequestTimeoutException and closes when the headers stop arriving', async () => {
    const answer = await rawExchange(`POST / HTTP/1.1\r\nhost: 127.0.0.1:${server.port}\r\nx-amz-target: Aw`);
    expect(answer.status).toBe(408);
    expect(answer.errorType).toBe('RequestTimeoutException');
  });
});
