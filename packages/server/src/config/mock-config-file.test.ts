import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMockConfigFile } from './mock-config-file.js';
import { ConfigError } from './statefold-config.js';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'statefold-mock-config-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function write(name: string, text: string): Promise<string> {
  const path = join(directory, name);
  await writeFile(path, text);
  return path;
}

describe('loadMockConfigFile', () => {
  it('returns a valid file as written', async () => {
    const config = {
      StateMachines: { M: { TestCases: { T: { S: 'R' } } } },
      MockedResponses: { R: { '0': { Return: { ok: true } } } },
    };
    const path = await write('good.json', JSON.stringify(config));
    expect(await loadMockConfigFile(path)).toEqual(config);
  });

  it.each([
    ['a file that does not exist', undefined, 'Cannot read mock configuration'],
    ['a file that is not JSON', '{"StateMachines":', 'is not valid JSON'],
    [
      'a file with an error, naming the place',
      '{"StateMachines":{},"MockedResponses":{"R":{"0":{"Throw":{"Error":"E"}}}}}',
      'MockedResponses.R."0".Throw.Cause: must be a string',
    ],
  ])('refuses %s with a ConfigError naming the file', async (_, text, message) => {
    const path = text === undefined ? join(directory, 'missing.json') : await write('bad.json', text);
    const loading = loadMockConfigFile(path);
    await expect(loading).rejects.toBeInstanceOf(ConfigError);
    await expect(loading).rejects.toThrow(path);
    await expect(loading).rejects.toThrow(message);
  });
});
