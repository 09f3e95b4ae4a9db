export { parseAwsHistory, HistoryFileError } from './aws-history.js';
export type { EventDifference } from './event-match.js';
export {
  replayHistory,
  type Divergence,
  type ReplayMode,
  type ReplayOptions,
  type ReplayReport,
} from './replay-history.js';
export { HistoryIndex, stateAt, type ExecutionSnapshot, type ThreadView } from './state-at.js';
export { describeTimeline, formatElapsed, formatTimeline, type TimelineEntry } from './timeline.js';
export { verifyProjections, type ProjectionProblem, type ProjectionVerification } from './verify-projections.js';
