import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openService } from './open-service.js';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'statefold-open-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('openService', () => {
  it('rejects with the store’s error when the SQLite file is not a database', async () => {
    const path = join(directory, 'not-a-database.db');
    await writeFile(path, 'this is plain text, not SQLite, and long enough to have a header '.repeat(4));
    await expect(openService({ store: 'sqlite', db: path })).rejects.toMatchObject({ name: 'StoreFileUnreadable' });
  });
});
