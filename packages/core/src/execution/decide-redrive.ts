import type { EventFacts } from '../history/index.js';
import { MAIN_THREAD } from './execution-state.js';
import type { Macrostep, Work } from './macrostep.js';
import { enterState } from './state-flow.js';
import type { Trigger } from './trigger.js';

/** Emits ExecutionRedriven and re-enters the redrive point with its input (retries start afresh). */
export function redrive(macrostep: Macrostep, trigger: Extract<Trigger, { kind: 'Redrive' }>): Work | undefined {
  const state = macrostep.state;
  const point = state.redrivePoint;
  if (point === undefined) return undefined;
  const timeoutSeconds = macrostep.machine.TimeoutSeconds;
  const facts: EventFacts = {
    ...(timeoutSeconds !== undefined
      ? { timeoutAt: macrostep.formatTimestamp(macrostep.env.now.getTime() + timeoutSeconds * 1000) }
      : {}),
    ...(trigger.clientToken !== undefined ? { clientToken: trigger.clientToken } : {}),
  };
  macrostep.emit(
    MAIN_THREAD,
    'ExecutionRedriven',
    { executionRedrivenEventDetails: { redriveCount: (state.redriveCount ?? 0) + 1 } },
    { previousEventId: state.lastEventId, facts },
  );
  if (point.outputs !== undefined) macrostep.redrive.carried = { state: point.state, outputs: point.outputs };
  return () => enterState(macrostep, MAIN_THREAD, point.state, point.input);
}
