import {
  DescribeStateMachineCommand,
  ListExecutionsCommand,
  StartExecutionCommand,
  type ExecutionStatus,
} from '@aws-sdk/client-sfn';
import { useState } from 'preact/hooks';
import { sfn } from './api.js';
import { ErrorNote } from './errors.js';
import { formatDate, nameOfArn } from './format.js';
import { link } from './links.js';
import { useAsync } from './use-async.js';

const STATUSES: readonly ExecutionStatus[] = [
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'TIMED_OUT',
  'ABORTED',
  'PENDING_REDRIVE',
];
const PAGE_SIZE = 100;
const LIVE_MS = 2000;

/** A state machine's executions, newest first, filtered and paged, updating live; and a form to start one. */
export function ExecutionsPage({ stateMachineArn }: { stateMachineArn: string }) {
  const [status, setStatus] = useState<ExecutionStatus | ''>('');
  const [nameFilter, setNameFilter] = useState('');
  const [after, setAfter] = useState('');
  const [before, setBefore] = useState('');
  // The tokens of the pages before this one, to page back.
  const [tokens, setTokens] = useState<(string | undefined)[]>([undefined]);
  const token = tokens[tokens.length - 1];
  const machine = useAsync(() => sfn().send(new DescribeStateMachineCommand({ stateMachineArn })), [stateMachineArn]);
  const executions = useAsync(
    () =>
      sfn().send(
        new ListExecutionsCommand({
          stateMachineArn,
          maxResults: PAGE_SIZE,
          ...(status === '' ? {} : { statusFilter: status }),
          ...(token === undefined ? {} : { nextToken: token }),
        }),
      ),
    [stateMachineArn, status, token],
    LIVE_MS,
  );
  const shown = (executions.value?.executions ?? []).filter((execution) => {
    if (nameFilter !== '' && !(execution.name ?? '').includes(nameFilter)) return false;
    const started = execution.startDate?.getTime() ?? 0;
    if (after !== '' && started < new Date(after).getTime()) return false;
    if (before !== '' && started > new Date(before).getTime()) return false;
    return true;
  });
  const changeStatus = (value: string) => {
    setStatus(value as ExecutionStatus | '');
    setTokens([undefined]);
  };
  return (
    <section>
      <p class="crumbs">
        <a href={link.stateMachines()}>State machines</a> / {nameOfArn(stateMachineArn)}
      </p>
      <h1>{machine.value?.name ?? nameOfArn(stateMachineArn)}</h1>
      <ErrorNote error={machine.error} />
      <StartForm stateMachineArn={stateMachineArn} onStarted={executions.reload} />
      <h2>Executions</h2>
      <div class="filters">
        <label>
          Status
          <select name="status" value={status} onChange={(e) => changeStatus(e.currentTarget.value)}>
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Name contains
          <input name="name" value={nameFilter} onInput={(e) => setNameFilter(e.currentTarget.value)} />
        </label>
        <label>
          Started after
          <input name="after" type="datetime-local" value={after} onInput={(e) => setAfter(e.currentTarget.value)} />
        </label>
        <label>
          Started before
          <input name="before" type="datetime-local" value={before} onInput={(e) => setBefore(e.currentTarget.value)} />
        </label>
      </div>
      <ErrorNote error={executions.error} />
      <table class="list" data-testid="executions">
        <thead>
          <tr>
            <th>Name</th>
            <th>Status</th>
            <th>Started</th>
            <th>Ended</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((execution) => (
            <tr key={execution.executionArn}>
              <td>
                <a href={link.execution(execution.executionArn ?? '')}>{execution.name}</a>
              </td>
              <td>
                <span class={`status status-${execution.status}`}>{execution.status}</span>
              </td>
              <td>{formatDate(execution.startDate)}</td>
              <td>{formatDate(execution.stopDate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="pager">
        <button type="button" disabled={tokens.length <= 1} onClick={() => setTokens(tokens.slice(0, -1))}>
          Newer
        </button>
        <span class="muted">Page {tokens.length}</span>
        <button
          type="button"
          disabled={executions.value?.nextToken === undefined}
          onClick={() => setTokens([...tokens, executions.value?.nextToken])}
        >
          Older
        </button>
      </div>
    </section>
  );
}

function StartForm({ stateMachineArn, onStarted }: { stateMachineArn: string; onStarted: () => void }) {
  const [name, setName] = useState('');
  const [input, setInput] = useState('{}');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      const started = await sfn().send(
        new StartExecutionCommand({ stateMachineArn, input, ...(name === '' ? {} : { name }) }),
      );
      setError(undefined);
      onStarted();
      if (started.executionArn !== undefined) location.hash = link.execution(started.executionArn);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card" onSubmit={submit} data-testid="start-execution">
      <h2>Start an execution</h2>
      <label>
        Name (optional)
        <input name="executionName" value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label>
        Input
        <textarea name="input" rows={4} value={input} onInput={(e) => setInput(e.currentTarget.value)} />
      </label>
      <ErrorNote error={error} />
      <button type="submit" disabled={busy}>
        Start execution
      </button>
    </form>
  );
}
