import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { StatementCache } from './statement-cache.js';

describe('StatementCache', () => {
  let cache: StatementCache | undefined;
  const open = (capacity?: number): StatementCache => {
    const handle = new BetterSqlite3(':memory:');
    handle.exec('create table t (n integer not null)');
    cache = new StatementCache(handle, capacity);
    return cache;
  };

  afterEach(() => {
    cache?.close();
    cache = undefined;
  });

  it('prepares a SQL text once and returns the same statement for it afterwards', () => {
    const db = open();
    const first = db.prepare('insert into t (n) values (?)');
    first.run([1]);
    const second = db.prepare('insert into t (n) values (?)');
    second.run([2]);
    expect(second).toBe(first);
    expect(db.prepare('select n from t order by n').all([])).toEqual([{ n: 1 }, { n: 2 }]);
    expect(db.size).toBe(2);
  });

  it('drops the least recently used text beyond its capacity', () => {
    const db = open(2);
    const a = db.prepare('select 1 as a');
    const b = db.prepare('select 2 as b');
    expect(db.prepare('select 1 as a')).toBe(a);
    db.prepare('select 3 as c');
    expect(db.size).toBe(2);
    expect(db.prepare('select 1 as a')).toBe(a);
    expect(db.prepare('select 2 as b')).not.toBe(b);
  });

  it('gives a fresh statement while the cached one is still iterating', () => {
    const db = open();
    db.prepare('insert into t (n) values (?)').run([1]);
    db.prepare('insert into t (n) values (?)').run([2]);
    const text = 'select n from t order by n';
    const outer = db.prepare(text);
    const seen: unknown[] = [];
    for (const row of outer.iterate([])) seen.push(row, db.prepare(text).all([]));
    expect(seen).toEqual([{ n: 1 }, [{ n: 1 }, { n: 2 }], { n: 2 }, [{ n: 1 }, { n: 2 }]]);
    expect(db.prepare(text)).toBe(outer);
  });

  it('still runs a cached statement after the schema it reads changed', () => {
    const db = open();
    db.prepare('insert into t (n) values (?)').run([7]);
    const select = db.prepare('select * from t');
    expect(select.all([])).toEqual([{ n: 7 }]);
    db.prepare('alter table t add column m integer').run([]);
    expect(db.prepare('select * from t').all([])).toEqual([{ n: 7, m: null }]);
  });
});
