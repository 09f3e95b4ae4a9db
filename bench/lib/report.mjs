// Turns the sections' figures into the one table the bench prints (figure, statefold, peer or
// ceiling, ratio, target) and into Markdown for the README.

const STEPFUNCTIONS_LOCAL_STARTS_PER_SECOND = 1_000;

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

const IN_PROCESS_TARGETS = {
  'pass-chain-10': 1,
  'task-chain-10': 1,
  'wait-0': 1,
  'choice-loop-1000': 5,
  'parallel-10': 5,
  'map-1000': 5,
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
    for (const store of ['memory', 'sqlite']) {
      const ours = find(`statefold-${store}`, workload, concurrency);
      if (ours === undefined) continue;
      const target =
        store === 'memory' && IN_PROCESS_TARGETS[workload] !== undefined
          ? { atLeast: IN_PROCESS_TARGETS[workload] }
          : undefined;
      rows.push(
        row(
          `in-process ${workload}, ${mode}, ${store} store`,
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
  rows.push(
    row(
      `durable append, events/s, ${append.inFlight} executions in flight, synchronous=${append.synchronous}`,
      `${count(append.store.eventsPerSecond)} ev/s`,
      `${count(append.raw.eventsPerSecond)} ev/s (raw better-sqlite3)`,
      append.store.eventsPerSecond / append.raw.eventsPerSecond,
      { atLeast: 0.5 },
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
          `≈ ${count(STEPFUNCTIONS_LOCAL_STARTS_PER_SECOND)}/s stepfunctions-local (issue's figure, not run)`,
          s.start[c].perSecond / STEPFUNCTIONS_LOCAL_STARTS_PER_SECOND,
          { atLeast: need },
        ),
      );
    }
    for (const c of ['c16', 'c64']) {
      rows.push(
        row(
          `server (${store}) DescribeExecution, concurrency ${c.slice(1)}`,
          requestCell(s.describe[c]),
          `${requestCell(server.bare.describe[c])} bare node:http, ${s.describeBytes} B`,
          s.describe[c].perSecond / server.bare.describe[c].perSecond,
          { atLeast: 0.5 },
        ),
      );
      rows.push(
        row(
          `server (${store}) GetExecutionHistory (${s.historyEvents} events), concurrency ${c.slice(1)}`,
          requestCell(s.history[c]),
          `${requestCell(server.bare.history[c])} bare node:http, ${s.historyBytes} B`,
          s.history[c].perSecond / server.bare.history[c].perSecond,
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
