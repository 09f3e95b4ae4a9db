// What installing statefold in a fresh folder needs on this kind of machine, shared by the tarball
// test (test/packages/) and the README check (scripts/check-readme.mjs).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * This process's environment without the `npm_*` variables an npm script runs with (their prefix
 * would make npm in the fresh folder act on this workspace) and without statefold's own settings,
 * keeping where the npm cache is. The AWS SDK's Node 20 warning is turned off: noise in our output.
 */
export function freshEnvironment() {
  const environment = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name === 'INIT_CWD' || name === 'LAMBDA_ENDPOINT' || name.startsWith('STATEFOLD_')) continue;
    if (name.startsWith('npm_') && name !== 'npm_config_cache') continue;
    environment[name] = value;
  }
  environment.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  return environment;
}

/**
 * better-sqlite3's install script downloads a prebuilt binary from GitHub, else compiles one (a
 * minute and a half on 2 cores). The machines this project runs on reach only the npm registry, so
 * the binary this workspace built is offered as a local prebuild of the same version and Node ABI,
 * which the install script takes as it would a download. Returns the environment variables that
 * point the install at it, and the version a fresh folder must install for it to apply.
 */
export function betterSqlitePrebuild(workspaceRoot, directory) {
  const require = createRequire(join(workspaceRoot, 'package.json'));
  const manifestPath = require.resolve('better-sqlite3/package.json');
  const { version } = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const built = join(manifestPath, '..', 'build/Release/better_sqlite3.node');
  const stage = mkdtempSync(join(directory, 'stage-'));
  mkdirSync(join(stage, 'build/Release'), { recursive: true });
  copyFileSync(built, join(stage, 'build/Release/better_sqlite3.node'));
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  execFileSync('tar', ['-czf', join(directory, name), '-C', stage, 'build']);
  rmSync(stage, { recursive: true, force: true });
  return { version, environment: { npm_config_better_sqlite3_local_prebuilds: directory } };
}
