import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateStateMachineCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createSdkClient,
  createTempDir,
  killAllServerProcesses,
  ROLE_ARN,
  startServerProcess,
  waitForExecutionEnd,
  type TempDir,
} from '../e2e/server-process.js';
import { betterSqlitePrebuild, freshEnvironment } from '../../scripts/lib/fresh-install.mjs';

// The packages as a user gets them: `npm run pack` writes the tarballs, a fresh project outside the
// workspace installs them from the npm registry's cache, compiles a strict TypeScript program
// against them (skipLibCheck: false, so every public type must resolve) and runs it; then
// `npx statefold serve` in that project answers the real SDK client.

vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PACKAGES = ['console', 'core', 'server', 'store-memory', 'store-postgres', 'store-sql', 'store-sqlite'] as const;
const workspaceRequire = createRequire(join(ROOT, 'package.json'));

/** Runs a command to completion; rejects with everything it printed when it fails. */
function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { ...options, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error === null) resolve(stdout);
      else reject(new Error(`${command} ${args.join(' ')} failed: ${error.message}\n${stdout}\n${stderr}`));
    });
  });
}

async function versionOf(name: string): Promise<string> {
  const manifest = JSON.parse(await readFile(workspaceRequire.resolve(`${name}/package.json`), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

let temp: TempDir;
let project: string;
let environment: NodeJS.ProcessEnv;

beforeAll(async () => {
  temp = await createTempDir('statefold-consumer-');
  project = join(temp.path, 'project');
  const prebuilds = join(temp.path, 'prebuilds');
  await mkdir(project);
  await mkdir(prebuilds);
  environment = freshEnvironment();
  const tarballs = (await run(process.execPath, [join(ROOT, 'scripts/pack.mjs')], { cwd: ROOT })).trim().split('\n');
  expect(tarballs).toHaveLength(PACKAGES.length);
  const prebuild = betterSqlitePrebuild(ROOT, prebuilds);
  const manifest = {
    name: 'statefold-consumer',
    private: true,
    type: 'module',
    dependencies: {
      ...Object.fromEntries(PACKAGES.map((name, index) => [`@statefold/${name}`, `file:${tarballs[index]}`])),
      'better-sqlite3': prebuild.version,
    },
    devDependencies: { '@types/node': await versionOf('@types/node') },
  };
  expect(tarballs.map((path) => path.replace(/.*\//, ''))).toEqual(
    PACKAGES.map((name) => `statefold-${name}-0.1.0.tgz`),
  );
  await writeFile(join(project, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: project,
    env: { ...environment, ...prebuild.environment },
  });
});

afterAll(async () => {
  await killAllServerProcesses();
  await temp?.remove();
});

describe('the packed tarballs', () => {
  it('each hold the license, a README, the built code and its sources, and nothing of the build or the tests', async () => {
    const license = await readFile(join(ROOT, 'LICENSE'), 'utf8');
    const rootManifest = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
      engines: { node: string };
    };
    for (const name of PACKAGES) {
      const installed = join(project, 'node_modules/@statefold', name);
      expect(await readFile(join(installed, 'LICENSE'), 'utf8')).toBe(license);
      expect(await readFile(join(installed, 'README.md'), 'utf8')).toMatch(new RegExp(`^# @statefold/${name}\\n`));
      const manifest = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8')) as {
        engines: { node: string };
        license: string;
      };
      expect(manifest).toMatchObject({ license: 'Apache-2.0', engines: rootManifest.engines });
      const files = (await readdir(installed, { recursive: true })).map(String);
      // The console is a built page and a path to it; the others are TypeScript libraries with their sources.
      for (const file of name === 'console' ? ['index.d.ts', 'dist/index.html'] : ['dist/index.d.ts', 'src/index.ts'])
        expect(files).toContain(file);
      expect(files.filter((file) => /\.test\.|tsbuildinfo|test-kit/.test(file))).toEqual([]);
    }
  });

  it('compile into a strict TypeScript program that runs the embedded engine on SQLite', async () => {
    await copyFile(fileURLToPath(new URL('./consumer/main.ts', import.meta.url)), join(project, 'main.ts'));
    const tsconfig = {
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2023'],
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        types: ['node'],
        strict: true,
        noUncheckedIndexedAccess: true,
        exactOptionalPropertyTypes: true,
        noImplicitOverride: true,
        skipLibCheck: false,
        outDir: 'dist',
      },
      files: ['main.ts'],
    };
    await writeFile(join(project, 'tsconfig.json'), JSON.stringify(tsconfig));
    await run(process.execPath, [workspaceRequire.resolve('typescript/bin/tsc'), '-p', project], {
      cwd: project,
      env: environment,
    });
    const printed = await run(process.execPath, ['dist/main.js', project], { cwd: project, env: environment });
    expect(JSON.parse(printed)).toEqual({
      status: 'SUCCEEDED',
      output: JSON.stringify({
        priced: [
          { item: 'a', price: 10 },
          { item: 'b', price: 10 },
        ],
        error: 'ShippingUnavailable',
      }),
      events: expect.any(Number),
    });
  });

  it('put the statefold executable on npx, and statefold serve answers the AWS SDK', async () => {
    const server = await startServerProcess({
      db: join(project, 'server.db'),
      launcher: { command: 'npx', args: ['--no-install', 'statefold'], cwd: project, env: environment },
    });
    const client = createSdkClient(server.endpoint);
    try {
      const { stateMachineArn } = await client.send(
        new CreateStateMachineCommand({
          name: 'from-tarball',
          roleArn: ROLE_ARN,
          definition: JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Pass', Result: 'ok', End: true } } }),
        }),
      );
      const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn }));
      expect(await waitForExecutionEnd(client, executionArn)).toMatchObject({ status: 'SUCCEEDED', output: '"ok"' });
      // The web console comes with it, from the console's tarball.
      const page = await fetch(`${server.endpoint}/`, { headers: { accept: 'text/html' } });
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(await page.text()).toContain('<title>statefold console</title>');
    } finally {
      client.destroy();
    }
    // SIGTERM reaches npx and statefold both (their process group); npx ends by the signal itself.
    expect([
      { code: 0, signal: null },
      { code: null, signal: 'SIGTERM' },
    ]).toContainEqual(await server.stop('SIGTERM'));
    expect(server.stdout()).toMatch(/statefold stopped\n$/);
    // A clean stop checkpointed the SQLite file and closed it.
    expect(existsSync(join(project, 'server.db-wal'))).toBe(false);
    const listed = await run(
      'npx',
      ['--no-install', 'statefold', 'executions', '--db', 'server.db', '--state-machine', 'from-tarball'],
      {
        cwd: project,
        env: environment,
      },
    );
    expect(listed).toMatch(/SUCCEEDED .*:execution:from-tarball:/);
  });
});
