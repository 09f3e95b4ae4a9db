import { hasFacts, NO_FACTS, type EventFacts, type HistoryEvent } from '../history/index.js';
import type { ExecutionSummary, StateMachineRevision, StoredEvent } from '../store/index.js';
import { exportHeaderProblem } from './export-header.js';

/**
 * One line of a statefold export (JSON Lines): an execution's header — its summary and the
 * state machine revision it ran — followed by its events, one a line, each with its facts (when
 * it records any) and its audit hash.
 */
export type ExportLine =
  | { readonly kind: 'execution'; readonly execution: ExecutionSummary; readonly revision?: StateMachineRevision }
  | {
      readonly kind: 'event';
      readonly executionArn: string;
      readonly event: HistoryEvent;
      readonly facts?: EventFacts;
      readonly hash?: string;
    };

/** An execution read back from an export. */
export interface ExportedExecution {
  readonly summary: ExecutionSummary;
  readonly revision?: StateMachineRevision;
  readonly events: readonly StoredEvent[];
}

/** A file that is not a statefold export, with the line that shows it. */
export class ExportFileError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`Line ${line}: ${message}`);
    this.name = 'ExportFileError';
  }
}

/** The JSON Lines of one execution: its header, then each stored event with its hash. Pure. */
export function exportExecutionLines(
  summary: ExecutionSummary,
  revision: StateMachineRevision | undefined,
  events: readonly StoredEvent[],
): string[] {
  const header: ExportLine = { kind: 'execution', execution: summary, ...(revision !== undefined ? { revision } : {}) };
  return [
    JSON.stringify(header),
    ...events.map(({ event, facts, hash }) => {
      const line: ExportLine = {
        kind: 'event',
        executionArn: summary.executionArn,
        event,
        ...(hasFacts(facts) ? { facts } : {}),
        ...(hash !== undefined ? { hash } : {}),
      };
      return JSON.stringify(line);
    }),
  ];
}

/**
 * Reads a statefold export back: the executions in the order their headers appear, each with its
 * events (and their facts) in file order. Also reads the exports written before the facts had a
 * member of their own, which kept them inside the event as `statefold`. Throws `ExportFileError`
 * naming the first line that is not an export line (not JSON, a header without a member its row
 * needs, no header before an event, an event of another execution).
 */
export function parseExportLines(text: string): ExportedExecution[] {
  const executions: { summary: ExecutionSummary; revision?: StateMachineRevision; events: StoredEvent[] }[] = [];
  const byArn = new Map<string, (typeof executions)[number]>();
  text.split('\n').forEach((raw, index) => {
    const lineNumber = index + 1;
    const line = raw.trim();
    if (line === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      // Reported with its line number, which JSON.parse's own message would lack.
      throw new ExportFileError(lineNumber, 'not JSON');
    }
    if (!isRecord(value)) throw new ExportFileError(lineNumber, 'not a JSON object');
    if (value['kind'] === 'execution') {
      const summary = value['execution'];
      if (!isRecord(summary) || typeof summary['executionArn'] !== 'string')
        throw new ExportFileError(lineNumber, 'an execution line without "execution.executionArn"');
      const executionArn = summary['executionArn'];
      if (byArn.has(executionArn)) throw new ExportFileError(lineNumber, `execution ${executionArn} appears twice`);
      const revision = value['revision'];
      const problem = exportHeaderProblem(summary, revision);
      if (problem !== undefined) throw new ExportFileError(lineNumber, problem);
      // A trust boundary, checked above: the shapes are those `exportExecutionLines` wrote.
      const entry = {
        summary: summary as unknown as ExecutionSummary,
        ...(isRecord(revision) ? { revision: revision as unknown as StateMachineRevision } : {}),
        events: [],
      };
      executions.push(entry);
      byArn.set(executionArn, entry);
      return;
    }
    if (value['kind'] === 'event') {
      const executionArn = value['executionArn'];
      const event = value['event'];
      const hash = value['hash'];
      if (
        typeof executionArn !== 'string' ||
        !isRecord(event) ||
        typeof event['id'] !== 'number' ||
        typeof event['type'] !== 'string'
      ) {
        throw new ExportFileError(lineNumber, 'an event line needs "executionArn" and an "event" with "id" and "type"');
      }
      const entry = byArn.get(executionArn);
      if (entry === undefined)
        throw new ExportFileError(lineNumber, `an event of ${executionArn} before its execution line`);
      entry.events.push({ ...splitFacts(event, value['facts']), ...(typeof hash === 'string' ? { hash } : {}) });
      return;
    }
    throw new ExportFileError(lineNumber, 'neither an "execution" nor an "event" line');
  });
  return executions;
}

// A trust boundary: the shapes are those `exportExecutionLines` wrote, now or (facts inside the
// event, as `statefold`) before the event and its facts were split.
function splitFacts(
  event: Readonly<Record<string, unknown>>,
  facts: unknown,
): { readonly event: HistoryEvent; readonly facts: EventFacts } {
  const { statefold: inside, ...rest } = event;
  const found = isRecord(facts) ? facts : isRecord(inside) ? inside : undefined;
  return {
    event: (inside === undefined ? event : rest) as unknown as HistoryEvent,
    facts: found !== undefined && hasFacts(found) ? (found as EventFacts) : NO_FACTS,
  };
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
