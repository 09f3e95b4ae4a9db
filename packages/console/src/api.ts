import { Sha256 } from '@aws-crypto/sha256-js';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SignatureV4 } from '@smithy/signature-v4';
import type { ChainVerification, ExecutionSnapshot, ExecutionSummary, RecordedEvent } from '@statefold/core';

/** The keys the console signs with; a server without `auth` accepts any, so the default is a placeholder. */
export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

const PLACEHOLDER: Credentials = { accessKeyId: 'statefold-console', secretAccessKey: 'statefold-console' };
const STORAGE_KEY = 'statefold.credentials';
const REGION = 'us-east-1';

export function savedCredentials(): Credentials {
  const text = sessionStorage.getItem(STORAGE_KEY);
  if (text === null) return PLACEHOLDER;
  try {
    return JSON.parse(text) as Credentials;
  } catch {
    return PLACEHOLDER;
  }
}

export function saveCredentials(credentials: Credentials): void {
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(credentials));
  client = createClient(credentials);
}

function createClient(credentials: Credentials): SFNClient {
  return new SFNClient({ endpoint: location.origin, region: REGION, credentials, maxAttempts: 1 });
}

let client = createClient(savedCredentials());

/** The Step Functions API of the server that serves the page, through the AWS SDK, signed. */
export function sfn(): SFNClient {
  return client;
}

/** What the server's console API answers for one execution. */
export interface ConsoleExecution {
  readonly execution: ExecutionSummary;
  readonly definition?: string;
  readonly events: readonly RecordedEvent[];
}

export interface DefinitionProblem {
  readonly code: string;
  readonly message: string;
  readonly location?: string;
}

export interface EventDifference {
  readonly path: string;
  readonly recorded?: unknown;
  readonly decided?: unknown;
}

export interface Divergence {
  readonly eventId: number;
  readonly recorded?: RecordedEvent;
  readonly decided?: RecordedEvent;
  readonly differences: readonly EventDifference[];
  readonly reason: string;
}

export type WhatIfOutcome =
  | { readonly kind: 'invalid'; readonly problems: readonly DefinitionProblem[] }
  | {
      readonly kind: 'replayed';
      readonly matchedEvents: number;
      readonly recordedEvents: number;
      readonly divergence?: Divergence;
    };

/** An error the server answered, with its AWS error name where it gave one. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

async function consoleCall(route: string, request: Record<string, unknown>): Promise<Response> {
  const url = new URL(`/console/api/${route}`, location.origin);
  const body = JSON.stringify(request);
  const signer = new SignatureV4({
    credentials: savedCredentials(),
    region: REGION,
    service: 'states',
    sha256: Sha256,
  });
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port === '' ? {} : { port: Number(url.port) }),
    path: url.pathname,
    headers: {
      host: url.host,
      'content-type': 'application/json',
      'x-amz-target': `StatefoldConsole.${route}`,
    },
    body,
  });
  const headers = { ...signed.headers };
  delete headers['host'];
  const response = await fetch(url, { method: 'POST', headers, body });
  if (!response.ok) {
    const text = await response.text();
    let parsed: { __type?: string; message?: string; Message?: string } = {};
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: the status says it all
    }
    throw new ApiError(parsed.__type ?? `HTTP ${response.status}`, parsed.message ?? parsed.Message ?? text);
  }
  return response;
}

export const consoleApi = {
  async execution(executionArn: string, afterEventId = 0): Promise<ConsoleExecution> {
    return (await consoleCall('execution', { executionArn, afterEventId })).json();
  },
  async stateAt(executionArn: string, eventId: number): Promise<ExecutionSnapshot> {
    return (await consoleCall('state-at', { executionArn, eventId })).json();
  },
  async whatIf(executionArn: string, definition: string): Promise<WhatIfOutcome> {
    return (await consoleCall('what-if', { executionArn, definition })).json();
  },
  async verify(executionArn: string): Promise<ChainVerification> {
    return (await consoleCall('verify', { executionArn })).json();
  },
  async exportLines(executionArn: string): Promise<string> {
    return (await consoleCall('export', { executionArn })).text();
  },
};
