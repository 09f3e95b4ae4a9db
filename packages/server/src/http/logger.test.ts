import { describe, expect, it } from 'vitest';
import { createLogger, type LoggerOptions } from './logger.js';

function capture(options: Omit<LoggerOptions, 'stdout' | 'stderr' | 'now'>) {
  const out: string[] = [];
  const err: string[] = [];
  const logger = createLogger({
    ...options,
    stdout: (line) => void out.push(line),
    stderr: (line) => void err.push(line),
    now: () => new Date('2026-01-01T00:00:00.000Z'),
  });
  return { logger, out, err };
}

describe('createLogger', () => {
  it('writes text lines, info to stdout and errors to stderr, and no request lines at info', () => {
    const { logger, out, err } = capture({});
    logger.info('started', { event: 'started' });
    logger.debug?.('GET / 200', { event: 'request' });
    logger.error('failed', { event: 'request-failed' });
    expect(out).toEqual(['started\n']);
    expect(err).toEqual(['failed\n']);
  });

  it('writes one JSON object a line with the time, level, message and fields', () => {
    const { logger, out, err } = capture({ format: 'json', level: 'debug' });
    logger.debug?.('POST 200', { event: 'request', status: 200, errorType: undefined });
    logger.error('line\nbreak', { event: 'execution-failed', executionArn: 'arn' });
    expect(out.map((line) => JSON.parse(line) as unknown)).toEqual([
      { time: '2026-01-01T00:00:00.000Z', level: 'debug', message: 'POST 200', event: 'request', status: 200 },
    ]);
    expect(err).toHaveLength(1);
    expect(err[0]?.split('\n')).toHaveLength(2);
    expect(JSON.parse(err[0] ?? '')).toMatchObject({ level: 'error', message: 'line\nbreak', executionArn: 'arn' });
  });

  it('keeps only failures at --log-level error', () => {
    const { logger, out, err } = capture({ level: 'error' });
    logger.info('started');
    logger.error('failed');
    expect(out).toEqual([]);
    expect(err).toEqual(['failed\n']);
  });
});
