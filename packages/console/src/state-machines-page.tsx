import { ListStateMachinesCommand } from '@aws-sdk/client-sfn';
import { sfn } from './api.js';
import { ErrorNote } from './errors.js';
import { formatDate } from './format.js';
import { link } from './links.js';
import { useAsync } from './use-async.js';

/** Every state machine, with a link to its executions. */
export function StateMachinesPage() {
  const { value, error } = useAsync(async () => {
    const machines = [];
    let nextToken: string | undefined;
    do {
      const page = await sfn().send(new ListStateMachinesCommand({ maxResults: 1000, nextToken }));
      machines.push(...(page.stateMachines ?? []));
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    return machines;
  }, []);
  return (
    <section>
      <h1>State machines</h1>
      <ErrorNote error={error} />
      {value !== undefined && value.length === 0 && <p class="muted">No state machines yet.</p>}
      {value !== undefined && value.length > 0 && (
        <table class="list" data-testid="state-machines">
          <thead>
            <tr>
              <th>Name</th>
              <th>Type</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {value.map((machine) => (
              <tr key={machine.stateMachineArn}>
                <td>
                  <a href={link.executions(machine.stateMachineArn ?? '')}>{machine.name}</a>
                </td>
                <td>{machine.type}</td>
                <td>{formatDate(machine.creationDate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
