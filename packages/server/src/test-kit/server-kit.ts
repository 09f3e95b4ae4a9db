import { request as httpRequest, Agent, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SFNClient } from '@aws-sdk/client-sfn';
import { createServer, type CreateServerOptions, type StatefoldServer } from '../http/create-server.js';

// Test-only helpers (excluded from the build): a real server on an ephemeral port, raw HTTP, the SDK.

export interface RunningServer {
  readonly server: StatefoldServer;
  readonly port: number;
  readonly endpoint: string;
  readonly errorLines: string[];
  readonly infoLines: string[];
}

export async function startServer(options: Omit<CreateServerOptions, 'logger'>): Promise<RunningServer> {
  const errorLines: string[] = [];
  const infoLines: string[] = [];
  const server = createServer({
    ...options,
    logger: { info: (line) => void infoLines.push(line), error: (line) => void errorLines.push(line) },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, port, endpoint: `http://127.0.0.1:${port}`, errorLines, infoLines };
}

export function createSdkClient(endpoint: string): SFNClient {
  return new SFNClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1,
  });
}

export interface RawRequest {
  readonly method?: string;
  readonly path?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  readonly agent?: Agent;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  readonly json: unknown;
}

/** Headers of a well-formed request for `action`. */
export function jsonHeaders(action: string): Record<string, string> {
  return { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AWSStepFunctions.${action}` };
}

export function sendRaw(port: number, raw: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: raw.method ?? 'POST',
        path: raw.path ?? '/',
        headers: {
          ...(raw.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(raw.body)) }),
          ...raw.headers,
        },
        ...(raw.agent === undefined ? {} : { agent: raw.agent }),
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json });
        });
      },
    );
    request.on('error', reject);
    request.end(raw.body);
  });
}

export interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
}

export function createDeferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
