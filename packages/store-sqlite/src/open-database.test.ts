import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreFileUnreadable } from '@statefold/core';
import { executionSummary, historyEvents, jsonOfSize } from '@statefold/core/testing';
import { SqliteStore, sqliteStore } from './index.js';

describe('opening a SqliteStore', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'statefold-sqlite-open-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('creates missing parent directories', async () => {
    const filename = join(directory, 'a', 'b', 'store.db');
    const store = await sqliteStore({ filename });
    await store.close();
    expect(statSync(filename).isFile()).toBe(true);
  });

  it('sets WAL, synchronous FULL, a 5 s busy timeout, foreign keys and a 10,000-page checkpoint threshold by default', async () => {
    const handle = new BetterSqlite3(join(directory, 'store.db'));
    const store = new SqliteStore({ database: handle });
    await store.opened();
    expect(handle.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(handle.pragma('synchronous', { simple: true })).toBe(2);
    expect(handle.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(handle.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(handle.pragma('wal_autocheckpoint', { simple: true })).toBe(10_000);
    await store.close();
    expect(handle.open).toBe(false);
  });

  it('honours synchronous NORMAL and a custom busy timeout', async () => {
    const handle = new BetterSqlite3(join(directory, 'store.db'));
    const store = new SqliteStore({ database: handle, synchronous: 'NORMAL', busyTimeoutMs: 250 });
    await store.opened();
    expect(handle.pragma('synchronous', { simple: true })).toBe(1);
    expect(handle.pragma('busy_timeout', { simple: true })).toBe(250);
    await store.close();
  });

  it('refuses a file that is not an SQLite database with StoreFileUnreadable naming it, and leaves it alone', async () => {
    const filename = join(directory, 'notes.txt');
    const text = 'These are my notes, not a database.\n'.repeat(200);
    writeFileSync(filename, text);
    const error = await sqliteStore({ filename }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreFileUnreadable);
    expect(error).toMatchObject({ name: 'StoreFileUnreadable', filename });
    expect((error as Error).message).toContain(filename);
    expect(readFileSync(filename, 'utf8')).toBe(text);
    expect(() => new SqliteStore({ database: filename })).toThrow(StoreFileUnreadable);
  });

  it('refuses a directory in place of the file with StoreFileUnreadable', async () => {
    const filename = join(directory, 'a-directory');
    mkdirSync(filename);
    await expect(sqliteStore({ filename })).rejects.toBeInstanceOf(StoreFileUnreadable);
  });

  it('reports a truncated file as StoreFileUnreadable instead of crashing', async () => {
    const filename = join(directory, 'store.db');
    const store = await sqliteStore({ filename });
    const summary = executionSummary({ lastEventId: 40 });
    await store.createExecution(summary, historyEvents(1, 40, jsonOfSize(16 * 1024)));
    await store.close();
    truncateSync(filename, Math.floor(statSync(filename).size / 2));

    const readEverything = async (): Promise<void> => {
      const reopened = await sqliteStore({ filename });
      try {
        await reopened.readEvents(summary.executionArn);
      } finally {
        await reopened.close();
      }
    };
    const error = await readEverything().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreFileUnreadable);
    expect(error).toMatchObject({ filename });
  });

  it('reports a file with a damaged first page as StoreFileUnreadable', async () => {
    const filename = join(directory, 'store.db');
    const store = await sqliteStore({ filename });
    await store.createExecution(executionSummary(), historyEvents(1, 1));
    await store.close();
    const bytes = readFileSync(filename);
    bytes.fill(0x5a, 0, 100);
    writeFileSync(filename, bytes);
    await expect(sqliteStore({ filename })).rejects.toBeInstanceOf(StoreFileUnreadable);
  });
});
