import type { StateMachineRevision, Store } from '../store/index.js';
import type { ExportedExecution } from './export-lines.js';
import { verifyChain, type ChainProblem } from './verify-chain.js';

/** What importing one exported execution did. */
export type ImportOutcome =
  | { readonly kind: 'imported'; readonly executionArn: string; readonly eventCount: number }
  /** The store already holds an execution with that ARN; nothing was written. */
  | { readonly kind: 'exists'; readonly executionArn: string }
  /** The export's hash chain does not hold (the file was edited); nothing was written. */
  | { readonly kind: 'tampered'; readonly executionArn: string; readonly problem: ChainProblem }
  /**
   * The store already holds the revision the export names (same state machine ARN and revision
   * id) with other content: importing would change what existing executions run. Nothing was written.
   */
  | { readonly kind: 'conflict'; readonly executionArn: string; readonly message: string };

/**
 * Writes an exported execution into a store: its state machine revision (if the export has one and
 * the store does not), then its summary and events in one `createExecution`. It never changes what
 * the store holds: an execution that exists is skipped, and a revision that exists with other
 * content refuses the import. The export's hash chain is checked first, so an edited file is
 * refused rather than stored with fresh hashes; the store chains the events again as it writes
 * them, which reproduces the exported hashes exactly. The summary and revision are checked against
 * the events by `verifyProjections` (from replay), which the caller runs first.
 */
export async function importExecution(store: Store, exported: ExportedExecution): Promise<ImportOutcome> {
  const { summary, revision, events } = exported;
  const executionArn = summary.executionArn;
  const check = verifyChain(executionArn, events, summary.lastEventId);
  if (check.problem !== undefined) return { kind: 'tampered', executionArn, problem: check.problem };
  if ((await store.getExecution(executionArn)) !== undefined) return { kind: 'exists', executionArn };
  if (revision !== undefined) {
    const stored = await store.getStateMachineRevision(revision.stateMachineArn, revision.revisionId);
    const changed = stored === undefined ? [] : changedMembers(stored, revision);
    if (changed.length > 0) {
      return {
        kind: 'conflict',
        executionArn,
        message: `the store already holds revision ${revision.revisionId} of ${revision.stateMachineArn} with another ${changed.join(' and ')}; an import never changes an existing revision`,
      };
    }
    if (stored === undefined) await store.putStateMachineRevision(revision);
  }
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

function changedMembers(stored: StateMachineRevision, imported: StateMachineRevision): string[] {
  return (['definition', 'roleArn', 'creationDate'] as const).filter((member) => stored[member] !== imported[member]);
}
