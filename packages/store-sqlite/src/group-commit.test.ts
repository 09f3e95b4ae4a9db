import { describe, expect, it } from 'vitest';
import { GroupCommit, type GroupTransaction } from './group-commit.js';

/** A transaction that only records the statements it was asked to run; `failOn` makes one of them throw. */
class RecordingTransaction implements GroupTransaction {
  readonly log: string[] = [];
  inTransaction = false;
  failOn: 'begin' | 'commit' | undefined;

  begin(): void {
    this.log.push('begin');
    if (this.failOn === 'begin') throw new Error('database is locked');
    this.inTransaction = true;
  }
  commit(): void {
    this.log.push('commit');
    if (this.failOn === 'commit') throw new Error('disk I/O error');
    this.inTransaction = false;
  }
  rollback(): void {
    this.log.push('rollback');
    this.inTransaction = false;
  }
  savepoint(): void {
    this.log.push('savepoint');
  }
  release(): void {
    this.log.push('release');
  }
  rollbackToSavepoint(): void {
    this.log.push('rollback to savepoint');
  }
}

/** Settles every promise and lists each outcome: 'ok' or the rejection's message. */
async function outcomes(writes: readonly Promise<void>[]): Promise<string[]> {
  const settled = await Promise.allSettled(writes);
  return settled.map((result) => (result.status === 'fulfilled' ? 'ok' : String((result.reason as Error).message)));
}

describe('GroupCommit', () => {
  it('runs the writes queued in one turn in one transaction, each in its own savepoint, in queue order', async () => {
    const transaction = new RecordingTransaction();
    const groupCommit = new GroupCommit(transaction);
    const writes = ['a', 'b', 'c'].map((name) => groupCommit.enqueue(() => transaction.log.push(`write ${name}`)));
    expect(await outcomes(writes)).toEqual(['ok', 'ok', 'ok']);
    expect(transaction.log).toEqual([
      'begin',
      'savepoint',
      'write a',
      'release',
      'savepoint',
      'write b',
      'release',
      'savepoint',
      'write c',
      'release',
      'commit',
    ]);
  });

  it('resolves no write before its COMMIT returned', async () => {
    const transaction = new RecordingTransaction();
    const groupCommit = new GroupCommit(transaction);
    const writes = [1, 2].map((index) =>
      groupCommit
        .enqueue(() => transaction.log.push(`write ${index}`))
        .then(() => transaction.log.push(`resolved ${index}`)),
    );
    await Promise.all(writes);
    expect(transaction.log.indexOf('commit')).toBeLessThan(transaction.log.indexOf('resolved 1'));
    expect(transaction.log.indexOf('commit')).toBeLessThan(transaction.log.indexOf('resolved 2'));
  });

  it('rolls a failing write back to its savepoint and rejects it alone while the others commit', async () => {
    const transaction = new RecordingTransaction();
    const groupCommit = new GroupCommit(transaction);
    const writes = [
      groupCommit.enqueue(() => transaction.log.push('write a')),
      groupCommit.enqueue(() => {
        transaction.log.push('write b');
        throw new Error('conflict in b');
      }),
      groupCommit.enqueue(() => transaction.log.push('write c')),
    ];
    expect(await outcomes(writes)).toEqual(['ok', 'conflict in b', 'ok']);
    expect(transaction.log).toEqual([
      'begin',
      'savepoint',
      'write a',
      'release',
      'savepoint',
      'write b',
      'rollback to savepoint',
      'release',
      'savepoint',
      'write c',
      'release',
      'commit',
    ]);
  });

  it('rejects every write of the group, and rolls back, when COMMIT fails', async () => {
    const transaction = new RecordingTransaction();
    transaction.failOn = 'commit';
    const groupCommit = new GroupCommit(transaction);
    const writes = ['a', 'b'].map((name) => groupCommit.enqueue(() => transaction.log.push(`write ${name}`)));
    expect(await outcomes(writes)).toEqual(['disk I/O error', 'disk I/O error']);
    expect(transaction.log.slice(-2)).toEqual(['commit', 'rollback']);
    expect(transaction.inTransaction).toBe(false);
  });

  it('rejects every write of the group without running any when BEGIN fails', async () => {
    const transaction = new RecordingTransaction();
    transaction.failOn = 'begin';
    const groupCommit = new GroupCommit(transaction);
    const writes = ['a', 'b'].map((name) => groupCommit.enqueue(() => transaction.log.push(`write ${name}`)));
    expect(await outcomes(writes)).toEqual(['database is locked', 'database is locked']);
    expect(transaction.log).toEqual(['begin']);
  });

  it('fails the whole group when a write makes SQLite roll the transaction back on its own', async () => {
    const transaction = new RecordingTransaction();
    const groupCommit = new GroupCommit(transaction);
    const writes = [
      groupCommit.enqueue(() => transaction.log.push('write a')),
      groupCommit.enqueue(() => {
        transaction.inTransaction = false;
        throw new Error('database or disk is full');
      }),
      groupCommit.enqueue(() => transaction.log.push('write c')),
    ];
    expect(await outcomes(writes)).toEqual([
      'database or disk is full',
      'database or disk is full',
      'database or disk is full',
    ]);
    expect(transaction.log).not.toContain('write c');
    expect(transaction.log).not.toContain('commit');
  });

  it('bounds a group: more writes than the bound take several transactions, in order', async () => {
    const transaction = new RecordingTransaction();
    const groupCommit = new GroupCommit(transaction, 2);
    const writes = [1, 2, 3, 4, 5].map((index) => groupCommit.enqueue(() => transaction.log.push(`write ${index}`)));
    expect(await outcomes(writes)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    const writesAndCommits = transaction.log.filter((entry) => entry.startsWith('write') || entry === 'commit');
    expect(writesAndCommits).toEqual([
      'write 1',
      'write 2',
      'commit',
      'write 3',
      'write 4',
      'commit',
      'write 5',
      'commit',
    ]);
  });

  it('runs the queue at once on flushAll', async () => {
    const transaction = new RecordingTransaction();
    const groupCommit = new GroupCommit(transaction, 2);
    const writes = [1, 2, 3].map((index) => groupCommit.enqueue(() => transaction.log.push(`write ${index}`)));
    expect(groupCommit.pending).toBe(3);
    groupCommit.flushAll();
    expect(groupCommit.pending).toBe(0);
    expect(transaction.log.filter((entry) => entry === 'commit')).toHaveLength(2);
    expect(await outcomes(writes)).toEqual(['ok', 'ok', 'ok']);
  });
});
