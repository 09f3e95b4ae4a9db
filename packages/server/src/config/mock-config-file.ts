import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InvalidMockConfig, parseMockConfig, type MockConfigFile } from '@statefold/core';
import { ConfigError } from './statefold-config.js';

/**
 * Reads Step Functions Local's mock configuration file (`--mock-config`, `SFN_MOCK_CONFIG`) and
 * validates it, so that a wrong one stops the server at start. Rejects with `ConfigError` naming the
 * file and the place in it (`MockedResponses.X."1-3".Return: …`).
 */
export async function loadMockConfigFile(path: string): Promise<MockConfigFile> {
  const absolutePath = resolve(path);
  let text: string;
  try {
    text = await readFile(absolutePath, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read mock configuration ${absolutePath}: ${messageOf(error)}`, { cause: error });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`Mock configuration ${absolutePath} is not valid JSON: ${messageOf(error)}`, {
      cause: error,
    });
  }
  try {
    parseMockConfig(raw);
  } catch (error) {
    if (!(error instanceof InvalidMockConfig)) throw error;
    throw new ConfigError(`Invalid mock configuration ${absolutePath}: ${error.message}`, { cause: error });
  }
  // Validated just above: the file has the documented shape.
  return raw as MockConfigFile;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
