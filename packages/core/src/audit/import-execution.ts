import type { Store } from '../store/index.js';
import type { ExportedExecution } from './export-lines.js';
import { verifyChain, type ChainProblem } from './verify-chain.js';

/** What importing one exported execution did. */
export type ImportOutcome =
  | { readonly kind: 'imported'; readonly executionArn: string; readonly eventCount: number }
  /** The store already holds an execution with that ARN; nothing was written. */
  | { readonly kind: 'exists'; readonly executionArn: string }
  /** The export's hash chain does not hold (the file was edited); nothing was written. */
  | { readonly kind: 'tampered'; readonly executionArn: string; readonly problem: ChainProblem };

/**
 * Writes an exported execution into a store: its state machine revision (if the export has one),
 * then its summary and events in one `createExecution`. The export's hash chain is checked first,
 * so an edited file is refused rather than stored with fresh hashes; the store chains the events
 * again as it writes them, which reproduces the exported hashes exactly.
 */
export async function importExecution(store: Store, exported: ExportedExecution): Promise<ImportOutcome> {
  const { summary, revision, events } = exported;
  const executionArn = summary.executionArn;
  const check = verifyChain(executionArn, events, summary.lastEventId);
  if (check.problem !== undefined) return { kind: 'tampered', executionArn, problem: check.problem };
  if ((await store.getExecution(executionArn)) !== undefined) return { kind: 'exists', executionArn };
  if (revision !== undefined) await store.putStateMachineRevision(revision);
  try {
    await store.createExecution(
      summary,
      events.map(({ event, facts }) => ({ event, facts })),
    );
  } catch (error) {
    // Another writer stored it between the check and the write: the same answer as before.
    if (error instanceof Error && error.name === 'ExecutionAlreadyStored') return { kind: 'exists', executionArn };
    throw error;
  }
  return { kind: 'imported', executionArn, eventCount: events.length };
}
