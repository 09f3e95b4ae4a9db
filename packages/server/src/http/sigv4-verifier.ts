import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import {
  IncompleteSignatureException,
  InvalidSignatureException,
  MissingAuthenticationTokenException,
  UnrecognizedClientException,
} from './protocol-errors.js';

/** An access key the server accepts, with the secret it signs with. */
export interface SigV4Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** What `createSigV4Verifier` checks requests against. */
export interface SigV4VerifierOptions {
  /** The keys that may call the server; a request signed with any other is refused. */
  readonly credentials: readonly SigV4Credentials[];
  /** The signing service name in the credential scope; `states` for Step Functions. */
  readonly service?: string;
  /** The server's time, to refuse signatures more than `maxSkewMs` away from it. Defaults to the system clock. */
  readonly now?: () => Date;
  /** Defaults to AWS's 15 minutes. */
  readonly maxSkewMs?: number;
}

/**
 * Checks one request in two steps, throwing the AWS error a client gets for a request it refuses:
 * the headers first, before a byte of the body is read (so an unknown key or a malformed
 * `Authorization` costs the server no body), then the body, with the check this returns.
 */
export type RequestVerifier = (request: IncomingMessage) => (body: Buffer) => void;

const ALGORITHM = 'AWS4-HMAC-SHA256';
const FIFTEEN_MINUTES = 15 * 60 * 1000;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

interface ParsedAuthorization {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

/**
 * Builds a verifier of AWS Signature Version 4 (`Authorization: AWS4-HMAC-SHA256 …` headers, as every
 * AWS SDK and the AWS CLI send them): the key must be one of `credentials`, `host` and `x-amz-target`
 * must be among the signed headers (so a signature made for one action cannot be replayed for
 * another), the credential scope must name the service and the request's date, the date must be
 * within 15 minutes of the server's clock, and the signature must match the one computed over the
 * method, path, query, signed headers and the SHA-256 of the body actually received. Failures are AWS's: `MissingAuthenticationTokenException`,
 * `IncompleteSignatureException`, `UnrecognizedClientException`, `InvalidSignatureException`.
 */
export function createSigV4Verifier(options: SigV4VerifierOptions): RequestVerifier {
  const secrets = new Map(
    options.credentials.map((credentials) => [credentials.accessKeyId, credentials.secretAccessKey]),
  );
  const service = options.service ?? 'states';
  const now = options.now ?? (() => new Date());
  const maxSkewMs = options.maxSkewMs ?? FIFTEEN_MINUTES;

  return (request) => {
    const authorization = parseAuthorization(request.headers.authorization);
    const amzDate = headerValue(request, 'x-amz-date');
    const match = amzDate === undefined ? null : AMZ_DATE.exec(amzDate);
    if (amzDate === undefined || match === null) {
      throw new IncompleteSignatureException(
        `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.`,
      );
    }
    if (!authorization.signedHeaders.includes('host')) {
      throw new IncompleteSignatureException(
        `'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.`,
      );
    }
    if (!authorization.signedHeaders.includes('x-amz-target')) {
      throw new IncompleteSignatureException(`'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.`);
    }
    const unsent = authorization.signedHeaders.find((name) => request.headersDistinct[name] === undefined);
    if (unsent !== undefined) {
      throw new IncompleteSignatureException(
        `'${unsent}' is named as a SignedHeader, but it does not exist in the HTTP request.`,
      );
    }
    const secret = secrets.get(authorization.accessKeyId);
    if (secret === undefined) throw new UnrecognizedClientException();
    if (authorization.service !== service || authorization.date !== amzDate.slice(0, 8)) {
      throw new InvalidSignatureException(
        `Credential should be scoped to a valid region and service '${service}', and to the request date ${amzDate.slice(0, 8)}.`,
      );
    }
    const signedAt = Date.UTC(
      Number(match[1]),
      Number(match[2]) - 1,
      Number(match[3]),
      Number(match[4]),
      Number(match[5]),
      Number(match[6]),
    );
    checkSkew(amzDate, signedAt, now(), maxSkewMs);
    return (body) => checkSignature(request, body, authorization, amzDate, secret);
  };
}

function checkSignature(
  request: IncomingMessage,
  body: Buffer,
  authorization: ParsedAuthorization,
  amzDate: string,
  secret: string,
): void {
  const canonicalRequest = [
    request.method ?? '',
    canonicalPath(request.url ?? '/'),
    canonicalQuery(request.url ?? '/'),
    authorization.signedHeaders.map((name) => `${name}:${canonicalHeaderValue(request, name)}\n`).join(''),
    authorization.signedHeaders.join(';'),
    sha256Hex(body),
  ].join('\n');
  const scope = `${authorization.date}/${authorization.region}/${authorization.service}/aws4_request`;
  const stringToSign = [ALGORITHM, amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  let signingKey: Buffer = Buffer.from(`AWS4${secret}`, 'utf8');
  for (const part of [authorization.date, authorization.region, authorization.service, 'aws4_request'])
    signingKey = hmac(signingKey, part);
  const expected = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest();
  const given = Buffer.from(authorization.signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new InvalidSignatureException(
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
  }
}

function parseAuthorization(header: string | undefined): ParsedAuthorization {
  if (header === undefined || header.trim() === '') throw new MissingAuthenticationTokenException();
  const [algorithm, ...rest] = header.trim().split(/\s+/);
  if (algorithm !== ALGORITHM)
    throw new IncompleteSignatureException(`Unsupported AWS 'algorithm': '${algorithm ?? ''}'.`);
  const parts = new Map<string, string>();
  for (const part of rest.join('').split(',')) {
    const separator = part.indexOf('=');
    if (separator > 0) parts.set(part.slice(0, separator).trim(), part.slice(separator + 1).trim());
  }
  const missing = ['Credential', 'SignedHeaders', 'Signature'].filter((name) => !parts.has(name));
  if (missing.length > 0) {
    throw new IncompleteSignatureException(
      `Authorization header requires ${missing.map((name) => `'${name}'`).join(', ')} parameter(s).`,
    );
  }
  const credential = (parts.get('Credential') ?? '').split('/');
  const [accessKeyId, date, region, service, terminator] = credential;
  if (
    credential.length !== 5 ||
    accessKeyId === undefined ||
    date === undefined ||
    region === undefined ||
    service === undefined ||
    terminator !== 'aws4_request'
  ) {
    throw new IncompleteSignatureException(
      `Authorization header requires 'Credential' parameter of the form <access key>/<date>/<region>/<service>/aws4_request.`,
    );
  }
  const signature = parts.get('Signature') ?? '';
  if (!/^[0-9a-f]{64}$/.test(signature))
    throw new IncompleteSignatureException(`Authorization header 'Signature' must be 64 hexadecimal characters.`);
  const signedHeaders = (parts.get('SignedHeaders') ?? '')
    .split(';')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  return { accessKeyId, date, region, service, signedHeaders, signature };
}

function checkSkew(amzDate: string, signedAt: number, now: Date, maxSkewMs: number): void {
  const compact = (time: number): string =>
    new Date(time)
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
  const minutes = Math.round(maxSkewMs / 60_000);
  if (signedAt < now.getTime() - maxSkewMs) {
    throw new InvalidSignatureException(
      `Signature expired: ${amzDate} is now earlier than ${compact(now.getTime() - maxSkewMs)} (${compact(now.getTime())} - ${minutes} min.)`,
    );
  }
  if (signedAt > now.getTime() + maxSkewMs) {
    throw new InvalidSignatureException(
      `Signature not yet current: ${amzDate} is still later than ${compact(now.getTime() + maxSkewMs)} (${compact(now.getTime())} + ${minutes} min.)`,
    );
  }
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

// Each value trimmed with inner runs of spaces collapsed; repeated headers joined by commas.
function canonicalHeaderValue(request: IncomingMessage, name: string): string {
  const values = request.headersDistinct[name] ?? [];
  return values.map((value) => value.trim().replace(/\s+/g, ' ')).join(',');
}

// SDKs for services other than S3 encode each path segment twice: once in the URL, once here.
function canonicalPath(url: string): string {
  const path = url.split('?', 1)[0] ?? '/';
  return path === ''
    ? '/'
    : path
        .split('/')
        .map((segment) => encodeRfc3986(segment))
        .join('/');
}

function canonicalQuery(url: string): string {
  const separator = url.indexOf('?');
  if (separator < 0) return '';
  return url
    .slice(separator + 1)
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const key = equals < 0 ? pair : pair.slice(0, equals);
      const value = equals < 0 ? '' : pair.slice(equals + 1);
      return [encodeRfc3986(safeDecode(key)), encodeRfc3986(safeDecode(value))] as const;
    })
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, '%20'));
  } catch {
    return text;
  }
}

function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}
