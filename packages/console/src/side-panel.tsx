import type { ExecutionSnapshot, RecordedEvent } from '@statefold/core';
import { consoleApi } from './api.js';
import { ErrorNote } from './errors.js';
import { prettyJson } from './format.js';
import { enteredOrExitedState, type StateRecord } from './state-outcomes.js';
import { useAsync } from './use-async.js';

interface SidePanelProps {
  readonly executionArn: string;
  readonly events: readonly RecordedEvent[];
  /** The event the panel shows the execution's state right after. */
  readonly eventId: number;
  /** The state selected on the graph, when the selection came from there. */
  readonly stateName?: string | undefined;
  readonly stateRecord?: StateRecord | undefined;
}

/** What the selected state saw (input, output, error) and the whole execution's state at the selected event. */
export function SidePanel({ executionArn, events, eventId, stateName, stateRecord }: SidePanelProps) {
  const snapshot = useAsync(() => consoleApi.stateAt(executionArn, eventId), [executionArn, eventId]);
  const byId = new Map(events.map((recorded) => [recorded.event.id, recorded.event]));
  const stepEvents = (stateRecord?.eventIds ?? []).map((id) => byId.get(id)).filter((e) => e !== undefined);
  const input = stepEvents.map(detailsOf).find((d) => enteredOrExitedState(d.event)?.entered === true)?.details[
    'input'
  ];
  const output = stepEvents
    .map(detailsOf)
    .filter((d) => enteredOrExitedState(d.event)?.entered === false)
    .at(-1)?.details['output'];
  const failure = stepEvents
    .map(detailsOf)
    .filter((d) => typeof d.details['error'] === 'string' || typeof d.details['cause'] === 'string')
    .at(-1);
  return (
    <aside class="side-panel" data-testid="side-panel">
      {stateName !== undefined && (
        <section>
          <h3>
            State <span data-testid="panel-state">{stateName}</span>
          </h3>
          <p>
            Outcome:{' '}
            <span class={`outcome-text outcome-${stateRecord?.outcome ?? 'not-reached'}`}>
              {stateRecord?.outcome ?? 'not reached'}
            </span>
          </p>
          {typeof input === 'string' && (
            <>
              <h4>Input</h4>
              <pre data-testid="panel-input">{prettyJson(input)}</pre>
            </>
          )}
          {typeof output === 'string' && (
            <>
              <h4>Output</h4>
              <pre data-testid="panel-output">{prettyJson(output)}</pre>
            </>
          )}
          {failure !== undefined && (
            <>
              <h4>Error</h4>
              <pre data-testid="panel-error">
                {String(failure.details['error'] ?? '')}
                {failure.details['cause'] !== undefined ? `\n${String(failure.details['cause'])}` : ''}
              </pre>
            </>
          )}
        </section>
      )}
      <section>
        <h3>State at event {eventId}</h3>
        <ErrorNote error={snapshot.error} />
        {snapshot.value !== undefined && <Snapshot snapshot={snapshot.value} />}
      </section>
    </aside>
  );
}

function detailsOf(event: RecordedEvent['event']): { event: RecordedEvent['event']; details: Record<string, unknown> } {
  const record = event as unknown as Record<string, unknown>;
  const key = Object.keys(record).find((name) => name.endsWith('EventDetails'));
  const details = key === undefined ? {} : (record[key] as Record<string, unknown>);
  return { event, details };
}

function Snapshot({ snapshot }: { snapshot: ExecutionSnapshot }) {
  return (
    <div data-testid="snapshot">
      <p>
        Status: <strong>{snapshot.status}</strong>
      </p>
      {Object.keys(snapshot.variables).length > 0 && (
        <>
          <h4>Variables</h4>
          <pre>{JSON.stringify(snapshot.variables, null, 2)}</pre>
        </>
      )}
      <h4>Threads</h4>
      {snapshot.threads.length === 0 && <p class="muted">None running.</p>}
      {snapshot.threads.map((thread) => (
        <div class="thread" key={thread.threadId}>
          <p>
            <strong>{thread.threadId === '' ? 'main' : thread.threadId}</strong>:{' '}
            {thread.stateName === undefined ? 'between states' : `${thread.stateType ?? ''} '${thread.stateName}'`}
          </p>
          {thread.input !== undefined && <pre>{prettyJson(thread.input)}</pre>}
          {thread.retryCount > 0 && (
            <p>
              Retries: {thread.retryCount} (per Retry entry: {JSON.stringify(thread.retryAttempts)})
            </p>
          )}
          {thread.waitUntil !== undefined && <p>Waits until {thread.waitUntil}</p>}
          {thread.retry !== undefined && <p>Retrying at {thread.retry.dueAt}</p>}
          {thread.task !== undefined && (
            <p>
              Task: {thread.task.resource} ({thread.task.kind}
              {thread.task.taskToken !== undefined ? ', waiting for its task token' : ''})
            </p>
          )}
        </div>
      ))}
      <h4>Pending</h4>
      {snapshot.pendingEffects.length === 0 && <p class="muted">Waiting on nothing.</p>}
      <ul>
        {snapshot.pendingEffects.map((effect, index) => (
          <li key={index}>
            {effect.kind}
            {'dueAt' in effect ? ` due ${effect.dueAt}` : ''}
            {'task' in effect ? ` ${effect.task.resource}` : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}
