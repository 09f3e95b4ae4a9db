import { CreateActivityCommand, ListActivitiesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { createSigV4Verifier, type SigV4VerifierOptions } from './sigv4-verifier.js';
import { sendRaw, startServer, type RunningServer } from '../test-kit/server-kit.js';

// Signature Version 4 as the real SDK makes it, checked by an in-process server.

const KEY = { accessKeyId: 'AKIDTEAM', secretAccessKey: 'team-secret' };
const service = {
  listActivities: async () => ({ activities: [] }),
  createActivity: async (input: { name: string }) => ({
    activityArn: `arn:aws:states:us-east-1:123456789012:activity:${input.name}`,
    creationDate: new Date(0),
  }),
};
/** The parts of the SDK's HTTP request the tests replay. */
interface SignedRequest {
  readonly headers: Record<string, string>;
  readonly body?: unknown;
}
const servers: RunningServer[] = [];
const clients: SFNClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const running of servers.splice(0)) await running.server.shutdown();
});

async function serve(options: Partial<SigV4VerifierOptions> = {}): Promise<RunningServer> {
  const running = await startServer({
    service,
    verifyRequest: createSigV4Verifier({ credentials: [KEY], ...options }),
  });
  servers.push(running);
  return running;
}

function client(endpoint: string, credentials = KEY, region = 'eu-west-3'): SFNClient {
  const created = new SFNClient({ endpoint, region, credentials, maxAttempts: 1 });
  clients.push(created);
  return created;
}

async function rejection(
  promise: Promise<unknown>,
): Promise<{ name: string; message: string; $metadata: { httpStatusCode?: number } }> {
  return promise.then(
    () => expect.fail('the request was accepted'),
    (error: unknown) => error as { name: string; message: string; $metadata: { httpStatusCode?: number } },
  );
}

/** Records the request exactly as the SDK sent it, after signing. */
function capture(sdk: SFNClient): () => SignedRequest {
  let captured: SignedRequest | undefined;
  sdk.middlewareStack.add(
    (next) => async (args) => {
      captured = args.request as SignedRequest;
      return next(args);
    },
    { step: 'deserialize' },
  );
  return () => captured ?? expect.fail('no request was captured');
}

describe('createSigV4Verifier', () => {
  it('accepts requests the SDK signs with a configured key, in any region', async () => {
    const running = await serve();
    expect(await client(running.endpoint).send(new ListActivitiesCommand({}))).toMatchObject({ activities: [] });
    const created = await client(running.endpoint, KEY, 'us-east-1').send(
      new CreateActivityCommand({ name: 'signed' }),
    );
    expect(created.activityArn).toMatch(/activity:signed$/);
  });

  it('answers InvalidSignatureException for a wrong secret and UnrecognizedClientException for an unknown key', async () => {
    const running = await serve();
    const wrongSecret = await rejection(
      client(running.endpoint, { ...KEY, secretAccessKey: 'guess' }).send(new ListActivitiesCommand({})),
    );
    expect(wrongSecret).toMatchObject({ name: 'InvalidSignatureException', $metadata: { httpStatusCode: 400 } });
    expect(wrongSecret.message).toMatch(
      /^The request signature we calculated does not match the signature you provided/,
    );
    const unknownKey = await rejection(
      client(running.endpoint, { accessKeyId: 'AKIDOTHER', secretAccessKey: 'x' }).send(new ListActivitiesCommand({})),
    );
    expect(unknownKey).toMatchObject({
      name: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    });
  });

  it('refuses a signed request replayed with another body, and accepts it replayed unchanged', async () => {
    const running = await serve();
    const sdk = client(running.endpoint);
    const sent = capture(sdk);
    await sdk.send(new CreateActivityCommand({ name: 'first' }));
    const { headers, body } = sent();
    const replay = (text: string) =>
      sendRaw(running.port, { headers: { ...headers, 'content-length': String(Buffer.byteLength(text)) }, body: text });
    expect((await replay(String(body))).status).toBe(200);
    const tampered = await replay(String(body).replace('first', 'other'));
    expect(tampered.status).toBe(400);
    expect(tampered.json).toMatchObject({ __type: 'InvalidSignatureException' });
  });

  it('answers MissingAuthenticationTokenException (403) for an unsigned request', async () => {
    const running = await serve();
    const response = await sendRaw(running.port, {
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.ListActivities' },
      body: '{}',
    });
    expect(response.status).toBe(403);
    expect(response.headers['x-amzn-errortype']).toBe('MissingAuthenticationTokenException');
    expect(response.json).toEqual({
      __type: 'MissingAuthenticationTokenException',
      message: 'Missing Authentication Token',
    });
  });

  it.each([
    [
      'another algorithm',
      'AWS4-HMAC-SHA1 Credential=AKIDTEAM/20260101/us-east-1/states/aws4_request, SignedHeaders=host, Signature=00',
      /Unsupported AWS 'algorithm'/,
    ],
    [
      'no Signature',
      'AWS4-HMAC-SHA256 Credential=AKIDTEAM/20260101/us-east-1/states/aws4_request, SignedHeaders=host',
      /requires 'Signature'/,
    ],
    [
      'a short Credential',
      `AWS4-HMAC-SHA256 Credential=AKIDTEAM/20260101, SignedHeaders=host, Signature=${'a'.repeat(64)}`,
      /'Credential' parameter of the form/,
    ],
    [
      'a Signature that is not hex',
      'AWS4-HMAC-SHA256 Credential=AKIDTEAM/20260101/us-east-1/states/aws4_request, SignedHeaders=host, Signature=xyz',
      /64 hexadecimal/,
    ],
    [
      'no x-amz-target among the signed headers',
      `AWS4-HMAC-SHA256 Credential=AKIDTEAM/20260101/us-east-1/states/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'a'.repeat(64)}`,
      /^'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization\.$/,
    ],
    [
      'a signed header the request does not have',
      `AWS4-HMAC-SHA256 Credential=AKIDTEAM/20260101/us-east-1/states/aws4_request, SignedHeaders=host;x-amz-target;x-amz-security-token, Signature=${'a'.repeat(64)}`,
      /^'x-amz-security-token' is named as a SignedHeader, but it does not exist in the HTTP request\.$/,
    ],
  ])(
    'answers IncompleteSignatureException for an Authorization header with %s',
    async (_name, authorization, message) => {
      const running = await serve();
      const response = await sendRaw(running.port, {
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'AWSStepFunctions.ListActivities',
          'x-amz-date': '20260101T000000Z',
          authorization,
        },
        body: '{}',
      });
      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({
        __type: 'IncompleteSignatureException',
        message: expect.stringMatching(message),
      });
    },
  );

  it('refuses a signature more than 15 minutes from the server clock, either way', async () => {
    const early = await serve({ now: () => new Date(Date.now() + 20 * 60_000) });
    const expired = await rejection(client(early.endpoint).send(new ListActivitiesCommand({})));
    expect(expired).toMatchObject({
      name: 'InvalidSignatureException',
      message: expect.stringMatching(
        /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/,
      ),
    });
    const late = await serve({ now: () => new Date(Date.now() - 20 * 60_000) });
    const future = await rejection(client(late.endpoint).send(new ListActivitiesCommand({})));
    expect(future.message).toMatch(/^Signature not yet current: .* \+ 15 min\.\)$/);
  });

  it('refuses a signature scoped to another service', async () => {
    const running = await serve({ service: 'dynamodb' });
    const error = await rejection(client(running.endpoint).send(new ListActivitiesCommand({})));
    expect(error).toMatchObject({
      name: 'InvalidSignatureException',
      message: expect.stringContaining("service 'dynamodb'"),
    });
  });
});
