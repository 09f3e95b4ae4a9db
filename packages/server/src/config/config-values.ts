import { pathToFileURL } from 'node:url';

/** Reports a config problem at `path` (throws `ConfigError` in the loader). */
export type Fail = (path: string, problem: string) => never;

export function objectAt(value: unknown, path: string, fail: Fail): Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(path, 'must be an object');
  return value as Readonly<Record<string, unknown>>;
}

export function checkKeys(
  value: Readonly<Record<string, unknown>>,
  allowed: readonly string[],
  path: string,
  fail: Fail,
): void {
  const unknown = Object.keys(value).find((key) => !allowed.includes(key));
  if (unknown !== undefined) fail(path, `has an unknown member "${unknown}" (allowed: ${allowed.join(', ')})`);
}

export function endpointAt(value: unknown, path: string, fail: Fail): string {
  if (typeof value !== 'string' || !isHttpUrl(value)) return fail(path, 'must be an http:// or https:// URL');
  return value;
}

/** True for an absolute `http:` or `https:` URL. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** An object whose members `names` are all strings (and no others). */
export function stringsAt(raw: unknown, names: readonly string[], path: string, fail: Fail): Record<string, string> {
  const value = objectAt(raw, path, fail);
  checkKeys(value, names, path, fail);
  const strings: Record<string, string> = {};
  for (const name of names) {
    const member = value[name];
    if (typeof member !== 'string') return fail(`${path}.${name}`, 'must be a string');
    strings[name] = member;
  }
  return strings;
}

/** The function a module exports as `exportName`, imported now so a broken module fails at load. */
export async function importFunction(
  modulePath: string,
  exportName: string,
  path: string,
  fail: Fail,
): Promise<unknown> {
  let module: Readonly<Record<string, unknown>>;
  try {
    module = (await import(pathToFileURL(modulePath).href)) as Readonly<Record<string, unknown>>;
  } catch (error) {
    return fail(`${path}.module`, `cannot be loaded from ${modulePath}: ${messageOf(error)}`);
  }
  const handler = module[exportName];
  if (typeof handler !== 'function')
    return fail(`${path}.export`, `names no function exported by ${modulePath}: ${exportName}`);
  return handler;
}
