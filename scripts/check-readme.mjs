// `npm run check:readme` (the last step of `npm test`): runs every code block of README.md as a new
// user would, in a fresh copy of the repository (its tracked and new files, as a clone has them):
// `npm ci` there, `npm start` (on a free port: every `127.0.0.1:8083` in a block is read as that
// port, since other servers may hold 8083 on a shared machine), then
//   - ts blocks: compiled together by the copy's TypeScript with the project's strict settings,
//     then each run by node in a temporary folder of its own;
//   - js blocks: run by node in a temporary folder of their own;
//   - sh blocks: one bash session (set -euo pipefail) in the copy's root, in document order, so that
//     later blocks use what earlier ones set;
//   - json blocks: parsed.
// A block preceded by `<!-- readme-check: skip (reason) -->` is skipped, and the reason printed.
// Exits 1, with the failing block's output, when any block fails. `--keep` keeps the copy.
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { betterSqlitePrebuild, freshEnvironment } from './lib/fresh-install.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const STEP_TIMEOUT_MS = 180_000;
const keep = process.argv.includes('--keep');

/** The fenced code blocks of a Markdown text: language, first line number, body, skip reason. */
function readmeBlocks(markdown) {
  const lines = markdown.split('\n');
  const blocks = [];
  for (let index = 0; index < lines.length; index += 1) {
    const open = /^```(\w*)\s*$/.exec(lines[index]);
    if (open === null) continue;
    const directive = /^<!-- readme-check: skip \((.+)\) -->$/.exec(lines[index - 1] ?? '');
    const end = lines.indexOf('```', index + 1);
    if (end < 0) throw new Error(`README.md:${index + 1}: a code block that never closes`);
    blocks.push({
      language: open[1],
      line: index + 1,
      body: lines.slice(index + 1, end).join('\n'),
      ...(directive === null ? {} : { skip: directive[1] }),
    });
    index = end;
  }
  return blocks;
}

/**
 * What a js or ts block says it prints: the comment after a `console.log(…)` call, on its line or
 * alone on the next one (`console.log(status); // SUCCEEDED`).
 */
function expectedOutputs(body) {
  const lines = body.split('\n');
  const expected = [];
  lines.forEach((line, index) => {
    if (!line.includes('console.log(')) return;
    const sameLine = /\);\s*\/\/ (.+)$/.exec(line);
    const nextLine = /^\s*\/\/ (.+)$/.exec(lines[index + 1] ?? '');
    const comment = sameLine?.[1] ?? nextLine?.[1];
    if (comment !== undefined) expected.push(comment.trim());
  });
  return expected;
}

/** Runs `command` and checks that its output holds every line the block says it prints. */
async function runPrinting(block, command, args, options) {
  const result = await run(command, args, options);
  for (const expected of expectedOutputs(block.body)) {
    if (!result.stdout.includes(expected)) {
      throw Object.assign(new Error(`it does not print what the README says: ${expected}`), result);
    }
  }
  return result;
}

/** Runs a command to completion; rejects with what it printed when it fails or outlives the step timeout. */
function run(command, args, options) {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { maxBuffer: 64 * 1024 * 1024, timeout: STEP_TIMEOUT_MS, ...options },
      (error, stdout, stderr) => {
        if (error === null) resolve({ stdout, stderr });
        else
          reject(
            Object.assign(new Error(`${command} ${args.join(' ')} failed (${error.message.split('\n')[0]})`), {
              stdout,
              stderr,
            }),
          );
      },
    );
  });
}

/** Copies the files a clone of the checkout would have, with the working tree's edits. */
async function copyCheckout(destination) {
  const listed = await gitOutput('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], ROOT);
  for (const file of listed.split('\0').filter(Boolean)) {
    const from = join(ROOT, file);
    try {
      mkdirSync(dirname(join(destination, file)), { recursive: true });
      copyFileSync(from, join(destination, file));
    } catch (error) {
      if (error.code !== 'ENOENT') throw error; // a tracked file deleted in the working tree
    }
  }
}

function gitOutput(command, args, cwd) {
  return new Promise((resolve, reject) =>
    execFile(command, args, { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout) =>
      error === null ? resolve(stdout) : reject(error),
    ),
  );
}

/** Starts `npm start -- --port 0` in its own process group; resolves with its port and a stop function. */
function startServer(cwd, env) {
  const child = spawn('npm', ['start', '--', '--port', '0'], {
    cwd,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const closed = new Promise((resolve) => child.once('close', resolve));
  const stop = async () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    await closed;
    return output;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`npm start did not listen within ${STEP_TIMEOUT_MS} ms:\n${output}`)),
      STEP_TIMEOUT_MS,
    );
    const onData = (text) => {
      output += text;
      const match = /statefold listening on http:\/\/127\.0\.0\.1:(\d+) /.exec(output);
      if (match === null) return;
      clearTimeout(timer);
      resolve({ port: Number(match[1]), stop });
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    void closed.then(() => reject(new Error(`npm start exited before listening:\n${output}`)));
  });
}

async function main() {
  const began = performance.now();
  const work = mkdtempSync(join(tmpdir(), 'statefold-readme-'));
  const copy = join(work, 'statefold');
  const log = (text) => process.stdout.write(`readme ${Math.round((performance.now() - began) / 1000)}s: ${text}\n`);
  let server;
  try {
    mkdirSync(copy);
    await copyCheckout(copy);
    const blocks = readmeBlocks(readFileSync(join(copy, 'README.md'), 'utf8'));
    const environment = freshEnvironment();
    const prebuilds = join(work, 'prebuilds');
    mkdirSync(prebuilds);
    const prebuild = betterSqlitePrebuild(ROOT, prebuilds);
    log(`npm ci in a fresh copy (${copy})`);
    await run('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: copy,
      env: { ...environment, ...prebuild.environment },
    });
    server = await startServer(copy, environment);
    log(`npm start: listening on port ${server.port}`);
    const withPort = (body) => body.replaceAll('127.0.0.1:8083', `127.0.0.1:${server.port}`);

    const failures = [];
    const attempt = async (block, work) => {
      try {
        await work();
        log(`ok    README.md:${block.line} ${block.language}`);
      } catch (error) {
        failures.push(block);
        log(
          `FAIL  README.md:${block.line} ${block.language}: ${error.message}\n${error.stdout ?? ''}${error.stderr ?? ''}`,
        );
      }
    };

    // TypeScript: every block a module of its own, compiled in one go with the project's settings.
    const blocksDir = join(copy, '.readme-blocks');
    mkdirSync(blocksDir);
    const typescript = blocks.filter((block) => block.language === 'ts' && block.skip === undefined);
    for (const block of typescript)
      writeFileSync(join(blocksDir, `line-${block.line}.ts`), `${withPort(block.body)}\nexport {};\n`);
    writeFileSync(
      join(blocksDir, 'tsconfig.json'),
      JSON.stringify({
        extends: '../tsconfig.base.json',
        compilerOptions: {
          composite: false,
          declaration: false,
          declarationMap: false,
          sourceMap: false,
          skipLibCheck: false,
          outDir: 'out',
          rootDir: '.',
        },
        include: ['*.ts'],
      }),
    );
    let compiled = true;
    if (typescript.length > 0) {
      try {
        await run(process.execPath, [join(copy, 'node_modules/typescript/bin/tsc'), '-p', blocksDir], {
          cwd: copy,
          env: environment,
        });
      } catch (error) {
        compiled = false;
        failures.push(...typescript);
        log(`FAIL  the ts blocks do not compile:\n${error.stdout}${error.stderr}`);
      }
    }
    for (const block of blocks) {
      if (block.skip !== undefined) {
        log(`skip  README.md:${block.line} ${block.language}: ${block.skip}`);
        continue;
      }
      const cwd = mkdtempSync(join(work, `line-${block.line}-`));
      if (block.language === 'ts' && compiled) {
        await attempt(block, () =>
          runPrinting(block, process.execPath, [join(blocksDir, 'out', `line-${block.line}.js`)], {
            cwd,
            env: environment,
          }),
        );
      } else if (block.language === 'js') {
        const file = join(blocksDir, `line-${block.line}.mjs`);
        writeFileSync(file, withPort(block.body));
        await attempt(block, () => runPrinting(block, process.execPath, [file], { cwd, env: environment }));
      } else if (block.language === 'json') {
        await attempt(block, async () => JSON.parse(block.body));
      } else if (block.language !== 'sh' && block.language !== 'ts') {
        failures.push(block);
        log(
          `FAIL  README.md:${block.line}: a '${block.language}' block, which this check cannot run (mark it skip, with why)`,
        );
      }
    }

    // Shell: one session, block after block, as a reader pastes them into one terminal.
    const shell = blocks.filter((block) => block.language === 'sh' && block.skip === undefined);
    const script = [
      'set -euo pipefail',
      ...shell.map((block) => `echo "readme-block README.md:${block.line}" >&2\n${withPort(block.body)}`),
    ].join('\n');
    writeFileSync(join(work, 'blocks.sh'), script);
    try {
      await run('bash', [join(work, 'blocks.sh')], { cwd: copy, env: environment });
      for (const block of shell) log(`ok    README.md:${block.line} sh`);
    } catch (error) {
      const reached = [...(error.stderr ?? '').matchAll(/readme-block README\.md:(\d+)/g)].at(-1)?.[1];
      failures.push(...shell.filter((block) => String(block.line) === reached));
      log(
        `FAIL  README.md:${reached ?? '?'} sh (the shell session stopped there): ${error.message}\n${error.stdout}${error.stderr}`,
      );
    }

    const stopped = await server.stop();
    server = undefined;
    if (!/statefold stopped/.test(stopped)) {
      log(`FAIL  npm start did not stop cleanly on SIGTERM:\n${stopped}`);
      failures.push({ line: 0 });
    }
    const seconds = Math.round((performance.now() - began) / 1000);
    if (failures.length > 0) {
      log(`${failures.length} block(s) failed (${seconds} s)${keep ? `; the copy is kept at ${copy}` : ''}`);
      process.exitCode = 1;
    } else log(`every README block ran (${seconds} s)`);
  } finally {
    await server?.stop();
    if (!keep) rmSync(work, { recursive: true, force: true });
  }
}

await main();
