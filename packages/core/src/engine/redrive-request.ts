import { ExecutionNotRedrivable } from '../errors/index.js';
import { redriveRefusal, type ExecutionState, type Trigger } from '../execution/index.js';
import { summarize, type LiveExecution } from './live-execution.js';

/** AWS answers a repeated RedriveExecution `clientToken` for 15 minutes after its redrive. */
const REDRIVE_TOKEN_WINDOW_MS = 15 * 60 * 1000;

function isRecentRedrive(tokens: ExecutionState['redriveTokens'], clientToken: string, now: Date): boolean {
  return (tokens ?? []).some(
    (token) =>
      token.clientToken === clientToken && now.getTime() - Date.parse(token.redriveDate) <= REDRIVE_TOKEN_WINDOW_MS,
  );
}

/**
 * The trigger a RedriveExecution of `live` applies; undefined when `clientToken` repeats a redrive of
 * the last 15 minutes (that redrive is the answer). Throws `ExecutionNotRedrivable` with AWS's reason.
 */
export function redriveTrigger(live: LiveExecution, clientToken: string | undefined, now: Date): Trigger | undefined {
  if (clientToken !== undefined && isRecentRedrive(live.state.redriveTokens, clientToken, now)) return undefined;
  const refusal = redriveRefusal(summarize(live, live.state), now);
  if (refusal !== undefined) throw new ExecutionNotRedrivable(refusal);
  return { kind: 'Redrive', ...(clientToken !== undefined ? { clientToken } : {}) };
}
