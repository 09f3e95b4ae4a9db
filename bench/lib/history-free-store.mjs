// A bench-only store that keeps every record but no events: what statefold's in-process figures
// would be if it kept no history, as aws-local-stepfunctions keeps none. It shows how much of a
// target keeping the history costs; statefold itself never runs without it.

/** Wraps a store so that executions keep their summaries and lose their events. */
export function historyFreeStore(inner) {
  const lastEventIds = new Map();
  return new Proxy(inner, {
    get(target, property) {
      switch (property) {
        case 'createExecution':
          return async (summary, firstEvents) => {
            await target.createExecution(summary, []);
            lastEventIds.set(summary.executionArn, firstEvents.at(-1)?.event.id ?? 0);
          };
        case 'append':
          return async (executionArn, expectedLastEventId, events, summary) => {
            const last = lastEventIds.get(executionArn);
            if (last !== expectedLastEventId)
              throw new Error(`history-free store: expected ${expectedLastEventId}, have ${last}`);
            await target.append(executionArn, 0, [], summary);
            lastEventIds.set(executionArn, events.at(-1)?.event.id ?? last);
          };
        case 'readEvents':
          return async () => [];
        default: {
          const value = Reflect.get(target, property);
          return typeof value === 'function' ? value.bind(target) : value;
        }
      }
    },
  });
}
