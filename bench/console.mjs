// Console: ms until a 25,000-event execution's page is usable (its graph drawn and its event table
// filled) in headless Chromium, and ms to page the executions list of a state machine with
// 100,000 stored executions, against a real `statefold serve` on a SQLite file.
//   node bench/console.mjs <dir> <storedExecutions>
// Needs Debian's chromium (/usr/bin/chromium, or STATEFOLD_CHROMIUM); prints {"skipped": why} without it.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { createClient, startProcess } from './lib/http-client.mjs';
import { quantile } from './lib/load.mjs';
import { LONG_HISTORY_EVENTS, recordLongHistory } from './lib/long-history.mjs';
import { populateSqlite } from './lib/populate.mjs';
import { loadWorkload } from './lib/workloads.mjs';

const CLI = new URL('../packages/server/dist/cli/main.js', import.meta.url).pathname;
const CHROMIUM = process.env.STATEFOLD_CHROMIUM ?? '/usr/bin/chromium';
const ROUNDS = 7;
const PAGES = 5;
const [dir, storedText] = process.argv.slice(2);
const stored = Number(storedText);

if (!existsSync(CHROMIUM)) {
  process.stdout.write(`${JSON.stringify({ skipped: `no Chromium at ${CHROMIUM} (apt-get install chromium)` })}\n`);
  process.exit(0);
}

const tempDir = mkdtempSync(join(dir, 'console-'));
const filename = join(tempDir, 'console.db');

/** A pass-chain-10 state machine with `stored` executions (one run over HTTP, the rest copied in). */
async function manyExecutions(port) {
  const workload = loadWorkload('pass-chain-10');
  const client = createClient(port, 1);
  try {
    const { json: created } = await client.call('CreateStateMachine', {
      name: 'many',
      definition: workload.definitionText,
      roleArn: 'arn:aws:iam::123456789012:role/statefold-bench',
    });
    const { json: started } = await client.call('StartExecution', {
      stateMachineArn: created.stateMachineArn,
      name: 'template',
      input: workload.inputText,
    });
    return { stateMachineArn: created.stateMachineArn, templateArn: started.executionArn };
  } finally {
    client.close();
  }
}

const serve = () =>
  startProcess([CLI, 'serve', '--port', '0', '--db', filename], /listening on http:\/\/127\.0\.0\.1:(\d+)/);

try {
  const longArn = await recordLongHistory(filename);
  let server = await serve();
  const { stateMachineArn, templateArn } = await manyExecutions(Number(server.match[1]));
  await server.stop();
  await populateSqlite(filename, stateMachineArn, templateArn, 1, stored);
  server = await serve();
  const origin = `http://127.0.0.1:${server.match[1]}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    // Opening the execution: from navigation to the graph drawn and the last page of events reachable.
    const openMs = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      await page.goto('about:blank');
      const started = performance.now();
      await page.goto(`${origin}/#/execution/${encodeURIComponent(longArn)}`);
      await page.locator('g.node[data-state="Check"]').waitFor();
      await page.locator('[data-event-id="1"]').waitFor();
      openMs.push(performance.now() - started);
      if (round === 0) {
        const events = await page.locator('.summary').textContent();
        if (!events?.includes(String(LONG_HISTORY_EVENTS))) throw new Error(`The page shows ${events}`);
      }
    }
    // Paging the executions list: each "Older" click until the next page's rows are there.
    await page.goto(`${origin}/#/state-machine/${encodeURIComponent(stateMachineArn)}`);
    await page.locator('[data-testid="executions"] tbody tr').first().waitFor();
    const pageMs = [];
    for (let turn = 0; turn < PAGES; turn += 1) {
      const before = await page.locator('[data-testid="executions"] tbody tr a').first().textContent();
      const started = performance.now();
      await page.getByRole('button', { name: 'Older' }).click();
      await page.waitForFunction(
        (previous) => document.querySelector('[data-testid="executions"] tbody tr a')?.textContent !== previous,
        before,
      );
      pageMs.push(performance.now() - started);
    }
    const summary = (values) => ({
      medianMs: quantile(values, 0.5),
      bestMs: Math.min(...values),
      worstMs: Math.max(...values),
    });
    process.stdout.write(
      `${JSON.stringify({ events: LONG_HISTORY_EVENTS, stored, open: summary(openMs), nextPage: summary(pageMs) })}\n`,
    );
  } finally {
    await browser.close();
    await server.stop();
  }
} finally {
  rmSync(tempDir, { recursive: true, force: true });
}
