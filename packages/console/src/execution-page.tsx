import { SendTaskFailureCommand, SendTaskSuccessCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { type ConsoleExecution, consoleApi, sfn, type WhatIfOutcome } from './api.js';
import { ErrorNote } from './errors.js';
import { EventTable } from './event-table.js';
import { formatDate, nameOfArn, prettyJson } from './format.js';
import { GraphView } from './graph-view.js';
import { link } from './links.js';
import { SidePanel } from './side-panel.js';
import { stateOfEvents, stateOutcomes } from './state-outcomes.js';
import { useAsync } from './use-async.js';
import { WhatIf } from './what-if.js';

const LIVE_MS = 1000;

/** One execution: its graph coloured by outcome, every event, the state at any event, what-if, audit, actions. */
export function ExecutionPage({ executionArn }: { executionArn: string }) {
  // A running execution is followed: each poll asks only for the events after the last one shown.
  const shown = useRef<ConsoleExecution | undefined>(undefined);
  const loaded = useAsync(async () => {
    const previous = shown.current;
    const lastShown = previous?.events.at(-1)?.event.id ?? 0;
    const next = await consoleApi.execution(executionArn, lastShown);
    shown.current =
      previous === undefined || next.events.length === 0
        ? { ...next, events: previous === undefined ? next.events : previous.events }
        : { ...next, events: [...previous.events, ...next.events] };
    return shown.current;
  }, [executionArn]);
  const running = loaded.value?.execution.status === 'RUNNING';
  useEffect(() => {
    if (!running) return undefined;
    const timer = setTimeout(loaded.reload, LIVE_MS);
    return () => clearTimeout(timer);
  }, [running, loaded.value]);
  const [selectedEventId, setSelectedEventId] = useState<number | undefined>(undefined);
  const [selectedState, setSelectedState] = useState<string | undefined>(undefined);
  const [whatIf, setWhatIf] = useState<WhatIfOutcome | undefined>(undefined);
  const events = loaded.value?.events ?? [];
  const outcomes = useMemo(() => stateOutcomes(events), [events]);
  const stateOfEvent = useMemo(() => stateOfEvents(outcomes), [outcomes]);
  if (loaded.value === undefined) {
    return loaded.error === undefined ? <p class="muted">Loading…</p> : <ErrorNote error={loaded.error} />;
  }
  const { execution, definition } = loaded.value;
  const lastEventId = events[events.length - 1]?.event.id ?? 0;
  const divergentEventId = whatIf?.kind === 'replayed' ? whatIf.divergence?.eventId : undefined;
  const divergentState = divergentEventId === undefined ? undefined : stateOfEvent.get(divergentEventId);
  const panelEventId =
    selectedEventId ??
    (selectedState !== undefined ? outcomes.get(selectedState)?.eventIds.at(-1) : undefined) ??
    lastEventId;
  return (
    <section class="execution">
      <p class="crumbs">
        <a href={link.stateMachines()}>State machines</a> /{' '}
        <a href={link.executions(execution.stateMachineArn)}>{nameOfArn(execution.stateMachineArn)}</a> /{' '}
        {execution.name}
      </p>
      <h1>
        {execution.name}{' '}
        <span class={`status status-${execution.status}`} data-testid="execution-status">
          {execution.status}
        </span>
      </h1>
      <ErrorNote error={loaded.error} />
      <div class="summary">
        <div>
          <span class="muted">Started</span> {formatDate(execution.startDate)}
        </div>
        {execution.stopDate !== undefined && (
          <div>
            <span class="muted">Ended</span> {formatDate(execution.stopDate)}
          </div>
        )}
        <div>
          <span class="muted">Events</span> {lastEventId}
        </div>
        {execution.error !== undefined && (
          <div data-testid="execution-error">
            <span class="muted">Error</span> {execution.error}: {execution.cause}
          </div>
        )}
      </div>
      <Audit executionArn={executionArn} lastEventId={lastEventId} />
      <Actions
        executionArn={executionArn}
        running={execution.status === 'RUNNING'}
        lastEventId={lastEventId}
        onDone={loaded.reload}
      />
      <div class="workspace">
        <div class="graph-box">
          {definition !== undefined && (
            <GraphView
              definition={definition}
              outcomes={outcomes}
              selected={selectedState}
              divergent={divergentState}
              onSelect={(name) => {
                setSelectedState(name);
                setSelectedEventId(undefined);
              }}
            />
          )}
          <Legend />
        </div>
        <SidePanel
          executionArn={executionArn}
          events={events}
          eventId={panelEventId}
          stateName={selectedState}
          stateRecord={selectedState === undefined ? undefined : outcomes.get(selectedState)}
        />
      </div>
      <h2>Events</h2>
      <EventTable
        events={events}
        stateOfEvent={stateOfEvent}
        selectedEventId={selectedEventId}
        divergentEventId={divergentEventId}
        onSelect={(id) => {
          setSelectedEventId(id);
          setSelectedState(stateOfEvent.get(id));
        }}
      />
      {execution.input !== undefined && (
        <details>
          <summary>Execution input</summary>
          <pre>{prettyJson(execution.input)}</pre>
        </details>
      )}
      {execution.output !== undefined && (
        <details>
          <summary>Execution output</summary>
          <pre>{prettyJson(execution.output)}</pre>
        </details>
      )}
      {definition !== undefined && <WhatIf executionArn={executionArn} definition={definition} onOutcome={setWhatIf} />}
    </section>
  );
}

function Legend() {
  return (
    <p class="legend">
      {['succeeded', 'failed', 'caught', 'retried', 'running', 'not-reached'].map((outcome) => (
        <span key={outcome} class={`legend-item outcome-${outcome}`}>
          {outcome.replace('-', ' ')}
        </span>
      ))}
    </p>
  );
}

function Audit({ executionArn, lastEventId }: { executionArn: string; lastEventId: number }) {
  const chain = useAsync(() => consoleApi.verify(executionArn), [executionArn, lastEventId]);
  const [error, setError] = useState<unknown>(undefined);
  const download = async () => {
    try {
      const text = await consoleApi.exportLines(executionArn);
      const url = URL.createObjectURL(new Blob([text], { type: 'application/x-ndjson' }));
      const anchor = document.createElement('a');
      anchor.href = url;
      anchor.download = `${nameOfArn(executionArn)}.jsonl`;
      anchor.click();
      URL.revokeObjectURL(url);
    } catch (failure) {
      setError(failure);
    }
  };
  const value = chain.value;
  return (
    <div class="audit" data-testid="audit">
      {value === undefined ? (
        <span class="muted">Checking the hash chain…</span>
      ) : value.problem === undefined ? (
        <span class="chain-ok" data-testid="chain-status">
          Hash chain verifies ({value.eventCount} events), head <code>{value.headHash}</code>
        </span>
      ) : (
        <span class="chain-broken" data-testid="chain-status">
          Hash chain broken at event {value.problem.eventId} ({value.problem.kind}): {value.problem.message}
        </span>
      )}{' '}
      <button type="button" class="secondary" onClick={download}>
        Export JSON Lines
      </button>
      <ErrorNote error={chain.error ?? error} />
    </div>
  );
}

interface ActionsProps {
  readonly executionArn: string;
  readonly running: boolean;
  readonly lastEventId: number;
  readonly onDone: () => void;
}

/** Stop a running execution; send a task success or failure for a callback it waits on. */
function Actions({ executionArn, running, lastEventId, onDone }: ActionsProps) {
  const waiting = useAsync(
    async () => (running && lastEventId > 0 ? await consoleApi.stateAt(executionArn, lastEventId) : undefined),
    [executionArn, running, lastEventId],
  );
  const [error, setError] = useState<unknown>(undefined);
  const [output, setOutput] = useState('{}');
  const [taskError, setTaskError] = useState('');
  const act = async (action: () => Promise<unknown>) => {
    try {
      await action();
      setError(undefined);
      onDone();
    } catch (failure) {
      setError(failure);
    }
  };
  if (!running) return null;
  const tokens = (waiting.value?.threads ?? []).flatMap((thread) =>
    thread.task?.taskToken !== undefined ? [{ stateName: thread.stateName, taskToken: thread.task.taskToken }] : [],
  );
  return (
    <div class="card actions" data-testid="actions">
      <button type="button" onClick={() => act(() => sfn().send(new StopExecutionCommand({ executionArn })))}>
        Stop execution
      </button>
      {tokens.map(({ stateName, taskToken }) => (
        <div key={taskToken} class="callback">
          <p>'{stateName}' waits for its task token.</p>
          <label>
            Output
            <textarea name="taskOutput" rows={2} value={output} onInput={(e) => setOutput(e.currentTarget.value)} />
          </label>
          <button
            type="button"
            onClick={() => act(() => sfn().send(new SendTaskSuccessCommand({ taskToken, output })))}
          >
            Send task success
          </button>
          <label>
            Error
            <input name="taskError" value={taskError} onInput={(e) => setTaskError(e.currentTarget.value)} />
          </label>
          <button
            type="button"
            onClick={() => act(() => sfn().send(new SendTaskFailureCommand({ taskToken, error: taskError })))}
          >
            Send task failure
          </button>
        </div>
      ))}
      <ErrorNote error={error} />
    </div>
  );
}
