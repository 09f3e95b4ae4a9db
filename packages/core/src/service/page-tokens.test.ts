import { describe, expect, it } from 'vitest';
import { InvalidToken } from '../errors/index.js';
import { InvalidStoreCursor } from '../store/index.js';
import { decodePageToken, encodePageToken, readPage } from './page-tokens.js';

const scope = { action: 'ListExecutions', filter: 'arn:aws:states:us-east-1:123456789012:stateMachine:sm|' };

describe('page tokens', () => {
  it('round-trips a store cursor as base64url', () => {
    const token = encodePageToken(scope, 'cursor:with/odd+chars');
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodePageToken(scope, token)).toBe('cursor:with/odd+chars');
  });

  it('rejects a token issued for another action or other arguments', () => {
    const token = encodePageToken(scope, 'c');
    expect(() => decodePageToken({ action: 'ListActivities' }, token)).toThrow(InvalidToken);
    expect(() => decodePageToken({ ...scope, filter: `${scope.filter}RUNNING` }, token)).toThrow(InvalidToken);
  });

  it.each(['', 'not a token', '!!!', Buffer.from('{"a":1}').toString('base64url'), 'e30'])(
    'rejects the forged or corrupted token %j',
    (token) => {
      expect(() => decodePageToken(scope, token)).toThrow(new InvalidToken(`Invalid Token: '${token}'`));
    },
  );

  it('rejects a token whose cursor was altered', () => {
    const token = encodePageToken(scope, 'c1');
    const body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Record<string, string>;
    const forged = Buffer.from(JSON.stringify({ ...body, c: 'c2' })).toString('base64url');
    expect(() => decodePageToken(scope, forged)).toThrow(InvalidToken);
  });

  it('turns a cursor the store refuses into InvalidToken', async () => {
    await expect(readPage('tok', () => Promise.reject(new InvalidStoreCursor('c')))).rejects.toThrow(
      new InvalidToken("Invalid Token: 'tok'"),
    );
    await expect(readPage(undefined, () => Promise.resolve(3))).resolves.toBe(3);
  });
});
