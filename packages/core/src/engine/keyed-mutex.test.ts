import { describe, expect, it } from 'vitest';
import { KeyedMutex } from './keyed-mutex.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('KeyedMutex', () => {
  it('runs pieces for one key one at a time, in order, and pieces for other keys meanwhile', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const started = deferred();
    const gate = deferred();
    const first = mutex.run('a', async () => {
      log.push('first starts');
      started.resolve();
      await gate.promise;
      log.push('first ends');
    });
    const second = mutex.run('a', async () => {
      log.push('second');
    });
    await started.promise;
    await mutex.run('b', async () => {
      log.push('other key');
    });
    expect(log).toEqual(['first starts', 'other key']);
    gate.resolve();
    await Promise.all([first, second]);
    expect(log).toEqual(['first starts', 'other key', 'first ends', 'second']);
  });

  it('queues a piece that asks for its own key behind itself', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    let nested: Promise<void> | undefined;
    await mutex.run('a', async () => {
      nested = mutex.run('a', async () => {
        log.push('nested');
      });
      log.push('outer');
    });
    await nested;
    expect(log).toEqual(['outer', 'nested']);
  });

  it('turns a failure, even a synchronous throw, into a rejection that does not stop the next piece', async () => {
    const mutex = new KeyedMutex();
    const failing = mutex.run('a', () => {
      throw new Error('boom');
    });
    const next = mutex.run('a', async () => 'ran');
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ran');
  });

  it('idle waits for every piece queued so far', async () => {
    const mutex = new KeyedMutex();
    const gate = deferred();
    let finished = false;
    void mutex.run('a', async () => {
      await gate.promise;
      finished = true;
    });
    const idle = mutex.idle();
    gate.resolve();
    await idle;
    expect(finished).toBe(true);
  });
});
