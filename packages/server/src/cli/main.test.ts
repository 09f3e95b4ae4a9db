import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

// Spawns the built executable, as a user (or `npm start`) runs it.
const packageDirectory = fileURLToPath(new URL('../..', import.meta.url));
const cliPath = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const tscPath = fileURLToPath(new URL('../../../../node_modules/typescript/bin/tsc', import.meta.url));

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(file: string, args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [file, ...args],
      { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

beforeAll(async () => {
  const build = await run(tscPath, ['-p', packageDirectory]);
  expect(build.stdout + build.stderr).toBe('');
  expect(build.code).toBe(0);
}, 120_000);

describe('the statefold executable', () => {
  it('prints its usage for --help and exits 0', async () => {
    const result = await run(cliPath, ['--help']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('Usage: statefold <command>');
  });

  it('prints the serve usage for serve --help and exits 0', async () => {
    const result = await run(cliPath, ['serve', '--help']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('Usage: statefold serve [options]');
    expect(result.stdout).toContain('--port <n>');
  });

  it('prints its version from package.json', async () => {
    const result = await run(cliPath, ['--version']);
    expect(result).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' });
  });

  it('exits 2 with a message on stderr for an unknown flag', async () => {
    const result = await run(cliPath, ['serve', '--prot', '8083']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("statefold: Unknown option '--prot'");
  });

  it('exits 2 for a bad STATEFOLD_PORT', async () => {
    const result = await run(cliPath, ['serve'], { STATEFOLD_PORT: 'http' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("STATEFOLD_PORT must be a port number from 0 to 65535, not 'http'.");
  });

  it('exits 2 for an unknown command', async () => {
    const result = await run(cliPath, ['start']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown command 'start'.");
  });

  it('exits 2 with a clear message for a config file it cannot read', async () => {
    const result = await run(cliPath, ['serve', '--store', 'memory', '--config', '/nonexistent/statefold.json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Cannot read config file /nonexistent/statefold.json');
  });
});
