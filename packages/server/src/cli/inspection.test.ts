import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, type CliEnvironment } from './run-cli.js';

// The inspection commands' command line, in-process: help, usage errors (exit 2) and an empty database.

function environment(): { env: CliEnvironment; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    env: {
      variables: {},
      stdout: (text) => (out += text),
      stderr: (text) => (err += text),
      onStopSignal: () => () => undefined,
      version: '0.0.0',
    },
    out: () => out,
    err: () => err,
  };
}

describe('the inspection commands', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'statefold-cli-inspection-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('are listed by statefold --help and each has its own help', async () => {
    const main = environment();
    expect(await runCli(['--help'], main.env)).toBe(0);
    for (const name of ['history', 'inspect', 'replay', 'verify', 'export', 'import', 'executions'])
      expect(main.out()).toContain(`  ${name} `);
    const help = environment();
    expect(await runCli(['help', 'replay'], help.env)).toBe(0);
    expect(help.out()).toMatch(/^Usage: statefold replay <execution-arn \| file> \[--definition <file>\]/);
    const flag = environment();
    expect(await runCli(['inspect', '--help'], flag.env)).toBe(0);
    expect(flag.out()).toContain('--at <event-id>');
  });

  it('exit 2 with the command name for a bad command line', async () => {
    const unknown = environment();
    expect(await runCli(['history', 'arn:x', '--fast'], unknown.env)).toBe(2);
    expect(unknown.err()).toMatch(
      /^statefold history: Unknown option '--fast'\..*\nRun 'statefold history --help' for usage\.\n$/,
    );
    const missing = environment();
    expect(await runCli(['replay'], missing.env)).toBe(2);
    expect(missing.err()).toContain('statefold replay: Missing an execution ARN or a file.');
    const follow = environment();
    expect(await runCli(['history', 'history.json', '--follow'], follow.env)).toBe(2);
    expect(follow.err()).toContain('--follow tails an execution in a database: give its ARN, not a file.');
    const limit = environment();
    expect(await runCli(['executions', '--limit', '0', '--db', join(directory, 'x.db')], limit.env)).toBe(2);
    expect(limit.err()).toContain("--limit must be an integer from 1 to 1000, not '0'.");
  });

  it('report a missing database or export file, and create no database while reading', async () => {
    const missing = environment();
    const db = join(directory, 'statefold.db');
    expect(await runCli(['verify', '--db', db], missing.env)).toBe(1);
    expect(missing.err()).toBe(
      `statefold verify: No statefold database at ${db} (pass --db <file or postgres:// URL>, or set STATEFOLD_DB)\n`,
    );
    const empty = environment();
    expect(await runCli(['import', join(directory, 'none.jsonl'), '--db', db], empty.env)).toBe(1);
    expect(empty.err()).toContain(`statefold import: Cannot read ${join(directory, 'none.jsonl')}`);
    const listed = environment();
    expect(await runCli(['executions', '--db', db], listed.env)).toBe(1);
    expect(existsSync(db)).toBe(false);
  });
});
