// Turns the sections' figures into the one table the bench prints (figure, statefold, peer or
// ceiling, ratio, target) and into Markdown for the README.

const count = (n) => (n >= 10_000 ? `${(n / 1000).toFixed(1)}k` : Math.round(n).toLocaleString('en-US'));
const ms = (n) => (n < 10 ? n.toFixed(2) : n.toFixed(1));
const times = (n) => `${n.toFixed(2)}×`;

/** One in-process engine's cell: executions/s · state transitions/s · peak RSS. */
const engineCell = (r) =>
  `${count(r.executionsPerSecond)} ex/s · ${count(r.transitionsPerSecond)} st/s · ${Math.round(r.peakRssMiB)} MiB`;
const requestCell = (r) => `${count(r.perSecond)} req/s (p50 ${ms(r.p50Ms)} · p99 ${ms(r.p99Ms)} ms)`;

/** A row; `atLeast`/`atMost` make it a target, checked against `ratio`. */
function row(figure, statefold, other, ratio, target) {
  const holds =
    target === undefined ? undefined : 'atLeast' in target ? ratio >= target.atLeast : ratio <= target.atMost;
  const targetText =
    target === undefined
      ? ''
      : 'atLeast' in target
        ? `≥ ${target.atLeast}×`
        : `≤ ${target.atMost}${target.unit ?? '×'}`;
  return { figure, statefold, other, ratio: Number.isFinite(ratio) ? ratio : null, target: targetText, holds };
}

/** The in-process targets (memory store vs aws-local-stepfunctions), per workload and concurrency. */
const IN_PROCESS_TARGETS = {
  'pass-chain-10': { 1: 1, 100: 1 },
  'task-chain-10': { 1: 0.5, 100: 0.5 },
  'wait-0': { 1: 1, 100: 1 },
  'choice-loop-1000': { 1: 5, 100: 5 },
  'parallel-10': { 1: 5 },
  'map-1000': { 1: 5 },
};

/** Builds the rows from every section's results. */
export function buildRows(results) {
  const rows = [];
  const inProcess = results.inProcess;
  const find = (engine, workload, concurrency) =>
    inProcess.find((r) => r.engine === engine && r.workload === workload && r.concurrency === concurrency);
  for (const { workload, concurrency } of inProcess.filter((r) => r.engine === 'peer')) {
    const peer = find('peer', workload, concurrency);
    const mode = concurrency === 1 ? 'sequential' : `${concurrency} concurrent`;
    for (const store of ['memory', 'sqlite', 'history-free']) {
      const ours = find(`statefold-${store}`, workload, concurrency);
      if (ours === undefined) continue;
      const atLeast = store === 'memory' ? IN_PROCESS_TARGETS[workload]?.[concurrency] : undefined;
      const target = atLeast === undefined ? undefined : { atLeast };
      const storeName = store === 'history-free' ? 'memory store keeping no events (bench only)' : `${store} store`;
      rows.push(
        row(
          `in-process ${workload}, ${mode}, ${storeName}`,
          engineCell(ours),
          engineCell(peer),
          ours.executionsPerSecond / peer.executionsPerSecond,
          target,
        ),
      );
    }
  }
  const short = find('statefold-memory', 'choice-loop-1000', 1);
  const long = find('statefold-memory', 'choice-loop-10000', 1);
  if (short !== undefined && long !== undefined) {
    const msShort = 1000 / short.executionsPerSecond;
    const msLong = 1000 / long.executionsPerSecond;
    rows.push(
      row(
        'choice-loop-10000 ms per execution (memory; maxHistoryEvents raised) vs 10 × choice-loop-1000',
        `${ms(msLong)} ms`,
        `${ms(10 * msShort)} ms`,
        msLong / (10 * msShort),
        { atMost: 1.1 },
      ),
    );
  }

  const append = results.durableAppend;
  const appendFigure = `durable append, events/s, ${append.inFlight} executions in flight, synchronous=${append.synchronous}`;
  rows.push(
    row(
      `${appendFigure}, vs raw with the store's ${Math.round(append.store.batchesPerCommit)} batches per commit`,
      `${count(append.store.eventsPerSecond)} ev/s`,
      `${count(append.rawGrouped.eventsPerSecond)} ev/s (raw better-sqlite3, same rows per commit)`,
      append.store.eventsPerSecond / append.rawGrouped.eventsPerSecond,
      { atLeast: 0.5 },
    ),
  );
  rows.push(
    row(
      `${appendFigure}, vs raw with one commit per batch`,
      `${count(append.store.eventsPerSecond)} ev/s`,
      `${count(append.raw.eventsPerSecond)} ev/s (raw better-sqlite3, a commit per batch)`,
      append.store.eventsPerSecond / append.raw.eventsPerSecond,
    ),
  );

  const server = results.server;
  for (const store of ['memory', 'sqlite']) {
    const s = server[store];
    for (const c of ['c16', 'c64']) {
      const need = store === 'memory' ? 10 : 2;
      rows.push(
        row(
          `server (${store}) StartExecution → SUCCEEDED pass-chain-10, concurrency ${c.slice(1)}`,
          requestCell(s.start[c]),
          `${requestCell(server.peer.start[c])} stepfunctions-local`,
          s.start[c].perSecond / server.peer.start[c].perSecond,
          { atLeast: need },
        ),
      );
    }
    for (const c of ['c16', 'c64']) {
      rows.push(
        row(
          `server (${store}) DescribeExecution, concurrency ${c.slice(1)}`,
          requestCell(s.describe[c]),
          `${requestCell(s.bare.describe[c])} bare node:http, ${s.describeBytes} B`,
          s.describe[c].perSecond / s.bare.describe[c].perSecond,
          { atLeast: 0.5 },
        ),
      );
      rows.push(
        row(
          `server (${store}) GetExecutionHistory (${s.historyEvents} events), concurrency ${c.slice(1)}`,
          requestCell(s.history[c]),
          `${requestCell(s.bare.history[c])} bare node:http, ${s.historyBytes} B`,
          s.history[c].perSecond / s.bare.history[c].perSecond,
        ),
      );
    }
    rows.push(
      row(
        `server (${store}) StartExecution, ${count(s.storedAtGrowth)} vs ${count(s.storedBeforeGrowth)} executions stored (c64)`,
        requestCell(s.start.manyStored),
        requestCell(s.start.fewStored),
        s.start.manyStored.perSecond / s.start.fewStored.perSecond,
        { atLeast: 0.9 },
      ),
    );
  }

  const replay = results.replay;
  rows.push(
    row(
      `replay: read + fold ${count(replay.events)} events from SQLite`,
      `${ms(replay.readAndFoldMs)} ms`,
      `${ms(replay.rawReadAndParseMs)} ms (raw read + JSON.parse)`,
      replay.readAndFoldMs / replay.rawReadAndParseMs,
      { atMost: 1.3 },
    ),
  );
  rows.push(
    row(
      `replay: state at any event of ${count(replay.events)} (worst of ${Object.keys(replay.stateAtMs).join(', ')}; ${replay.stateAtSource})`,
      `${ms(replay.worstStateAtMs)} ms`,
      '10 ms (target)',
      replay.worstStateAtMs / 10,
      { atMost: 1, unit: '× of 10 ms' },
    ),
  );
  const map = results.distributedMap;
  if (map !== undefined) {
    rows.push(
      row(
        `distributed Map over ${count(map.items)} items, one-Pass STANDARD children, SQLite file: parent history ${count(map.parentEvents)} events, ${count(map.children)} children of ${count(map.childEvents / map.children)} events each`,
        `${count(Math.round(map.itemsPerSecond))} items/s`,
        '—',
        Number.NaN,
      ),
    );
  }
  const consoleFigures = results.console;
  if (consoleFigures !== undefined && consoleFigures.skipped === undefined) {
    rows.push(
      row(
        `console: open an execution of ${count(consoleFigures.events)} events in Chromium until its graph and table show (median of runs)`,
        `${ms(consoleFigures.open.medianMs)} ms (best ${ms(consoleFigures.open.bestMs)})`,
        '1,000 ms (target)',
        consoleFigures.open.medianMs / 1000,
        { atMost: 1, unit: '× of 1 s' },
      ),
    );
    rows.push(
      row(
        `console: next page of a state machine's ${count(consoleFigures.stored)} executions (median)`,
        `${ms(consoleFigures.nextPage.medianMs)} ms (worst ${ms(consoleFigures.nextPage.worstMs)})`,
        '—',
        Number.NaN,
      ),
    );
  }
  return rows;
}

/** The rows as a plain-text table for the terminal. */
export function formatText(rows) {
  const header = ['figure', 'statefold', 'peer or ceiling', 'ratio', 'target'];
  const cells = rows.map((r) => [
    r.figure,
    r.statefold,
    r.other,
    r.ratio === null ? '—' : times(r.ratio),
    r.target === '' ? '' : `${r.target} ${r.holds ? 'holds' : 'MISSED'}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) => c.map((text, i) => text.padEnd(widths[i])).join(' │ ');
  return [line(header), widths.map((w) => '─'.repeat(w)).join('─┼─'), ...cells.map(line)].join('\n');
}

/** The rows as a Markdown table for the README. */
export function formatMarkdown(rows) {
  const escape = (text) => text.replaceAll('|', '\\|');
  return [
    '| figure | statefold | peer or ceiling | ratio | target |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${escape(r.figure)} | ${escape(r.statefold)} | ${escape(r.other)} | ${r.ratio === null ? '—' : times(r.ratio)} | ${r.target === '' ? '' : `${r.target} ${r.holds ? '✓' : '✗ missed'}`} |`,
    ),
  ].join('\n');
}

/** `readme` with what lies between its bench-table markers replaced by `table`; throws when it has none. */
export function withBenchTable(readme, table) {
  const start = '<!-- bench-table:start -->\n';
  const end = '<!-- bench-table:end -->';
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error('bench: README.md has no bench-table markers to update between');
  return `${readme.slice(0, from + start.length)}${table}${readme.slice(to)}`;
}
