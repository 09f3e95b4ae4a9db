// `npm run pack`: builds every package and writes its npm tarball to tarballs/ (untracked), the files
// `npm install ./tarballs/*.tgz` installs statefold from until it is published. Prints their paths.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const destination = join(root, 'tarballs');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

execFileSync(npm, ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
// `tsc -b` never deletes the output of a source file that was moved or removed: drop it, so that no
// tarball ships a module its package no longer has.
for (const name of readdirSync(join(root, 'packages'))) pruneOrphans(join(root, 'packages', name));
rmSync(destination, { recursive: true, force: true });
mkdirSync(destination, { recursive: true });
execFileSync(npm, ['pack', '--workspaces', '--pack-destination', destination, '--silent'], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
});
for (const name of readdirSync(destination).sort()) process.stdout.write(`${join(destination, name)}\n`);

/** Deletes every file under `dist/` whose `src/` counterpart (`x.ts` for `x.js`, `x.d.ts`, `x.js.map` …) is gone. */
function pruneOrphans(packageDir) {
  const dist = join(packageDir, 'dist');
  // Only tsc's output mirrors src/ (the console's dist/ is a page Vite built).
  if (!existsSync(dist) || !readFileSync(join(packageDir, 'tsconfig.json'), 'utf8').includes('"outDir"')) return;
  for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const built = join(entry.parentPath, entry.name);
    const stem = relative(dist, built).replace(/(\.d)?\.(js|ts)(\.map)?$/, '');
    if (stem === relative(dist, built)) continue; // not compiler output (.tsbuildinfo)
    if (!existsSync(join(packageDir, 'src', `${stem}.ts`))) rmSync(built);
  }
}
