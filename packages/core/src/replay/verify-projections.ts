import { foldEvents, initialExecutionState, type ExecutionState } from '../execution/index.js';
import { definitionSha256, type RecordedEvent } from '../history/index.js';
import type { ExecutionSummary, StateMachineRevision } from '../store/index.js';

/**
 * A stored row that no longer says what the history it is folded from says: an `executions` row
 * (what DescribeExecution and ListExecutions serve) or the revision the execution ran (what
 * DescribeStateMachineForExecution serves and recovery runs).
 */
export interface ProjectionProblem {
  readonly kind: 'projection';
  /** `events` when the history itself does not fold: an event lacks what its type needs. */
  readonly row: 'executions' | 'state_machine_revisions' | 'events';
  /** The row's members that differ from the history (the revision's `definition`, say). */
  readonly members: readonly string[];
  readonly message: string;
}

/** What `verifyProjections` found: the first problem, and what it could not check. */
export interface ProjectionVerification {
  readonly problem?: ProjectionProblem;
  /** Why the revision could not be checked: a history recorded before its first event covered the definition. */
  readonly uncovered?: string;
}

// The executions row's members that the fold of the history decides, and how to read each off it.
const FOLDED_MEMBERS: readonly (readonly [keyof ExecutionSummary, (state: ExecutionState) => unknown])[] = [
  ['executionArn', (state) => state.identity?.executionArn],
  ['stateMachineArn', (state) => state.identity?.stateMachineArn],
  ['stateMachineRevisionId', (state) => state.identity?.stateMachineRevisionId],
  ['name', (state) => state.identity?.name],
  ['status', (state) => (state.status === 'NOT_STARTED' ? 'RUNNING' : state.status)],
  ['startDate', (state) => state.startDate],
  ['stopDate', (state) => state.stopDate],
  ['input', (state) => state.input],
  ['output', (state) => state.output],
  ['error', (state) => state.error],
  ['cause', (state) => state.cause],
  ['lastEventId', (state) => state.lastEventId],
];

// Read off the ExecutionStarted facts, which a history recorded before they existed lacks.
const IDENTITY_MEMBERS: ReadonlySet<keyof ExecutionSummary> = new Set([
  'executionArn',
  'stateMachineArn',
  'stateMachineRevisionId',
  'name',
]);

/**
 * Checks the rows served for an execution against its history (whose hash chain the caller has
 * verified): every member of the `executions` row that the fold decides, and the definition of
 * the revision it ran against the SHA-256 its first event records. A member the history does not
 * record (the identity facts of a history recorded before they existed) is not compared. Pure.
 */
export function verifyProjections(
  summary: ExecutionSummary,
  revision: StateMachineRevision | undefined,
  events: readonly RecordedEvent[],
): ProjectionVerification {
  let state: ExecutionState;
  try {
    state = foldEvents(initialExecutionState, events);
  } catch (error) {
    // Only a file written by hand (its hashes recomputed) gets here: say so rather than crash.
    const reason = error instanceof Error ? error.message : String(error);
    return {
      problem: {
        kind: 'projection',
        row: 'events',
        members: [],
        message: `its history does not fold into an execution (${reason}): an event lacks what its type needs`,
      },
    };
  }
  const changed = FOLDED_MEMBERS.filter(([member, read]) => {
    const folded = read(state);
    return !(folded === undefined && IDENTITY_MEMBERS.has(member)) && folded !== summary[member];
  });
  const [first] = changed;
  if (first !== undefined) {
    const [member, read] = first;
    const members = changed.map(([name]) => name);
    return {
      problem: {
        kind: 'projection',
        row: 'executions',
        members,
        message: `the executions row was changed (${members.join(', ')}): its ${member} is ${describe(summary[member])}, its history says ${describe(read(state))}`,
      },
    };
  }
  const started = events[0];
  const recordedHash = started?.facts.execution?.definitionSha256;
  if (recordedHash === undefined) {
    return { uncovered: 'its history predates definition hashes: the revision it ran is not covered' };
  }
  const revisionId = summary.stateMachineRevisionId;
  if (revision === undefined) {
    return {
      problem: {
        kind: 'projection',
        row: 'state_machine_revisions',
        members: ['definition'],
        message: `the revision it ran (${revisionId}) is missing`,
      },
    };
  }
  const roleArn =
    started?.event.type === 'ExecutionStarted' ? started.event.executionStartedEventDetails.roleArn : undefined;
  const members = [
    ...(definitionSha256(revision.definition) === recordedHash ? [] : ['definition']),
    ...(roleArn === undefined || roleArn === revision.roleArn ? [] : ['roleArn']),
  ];
  if (members.length === 0) return {};
  return {
    problem: {
      kind: 'projection',
      row: 'state_machine_revisions',
      members,
      message: `the revision it ran (${revisionId}) was changed (${members.join(', ')}): it is not the one its history records`,
    },
  };
}

function describe(value: unknown): string {
  if (value === undefined) return 'absent';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
