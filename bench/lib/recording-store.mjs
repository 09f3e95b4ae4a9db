// A Store proxy that records every write an engine makes (createExecution and append, with their
// events), so that the bench can replay the exact same event rows and batch sizes against the
// SQLite store and against raw better-sqlite3.

/**
 * @typedef {{ kind: 'create', summary: object, events: object[] }
 *   | { kind: 'append', expectedLastEventId: number, events: object[], summary: object }} RecordedWrite
 */

/** Wraps `store`; `writes` maps each execution ARN to its writes in order. */
export function recordingStore(store) {
  /** @type {Map<string, RecordedWrite[]>} */
  const writes = new Map();
  const log = (arn, write) => {
    const list = writes.get(arn) ?? [];
    list.push(structuredClone(write));
    writes.set(arn, list);
  };
  const proxy = new Proxy(store, {
    get(target, property) {
      if (property === 'createExecution') {
        return async (summary, events) => {
          await target.createExecution(summary, events);
          log(summary.executionArn, { kind: 'create', summary, events: [...events] });
        };
      }
      if (property === 'append') {
        return async (arn, expectedLastEventId, events, summary) => {
          await target.append(arn, expectedLastEventId, events, summary);
          log(arn, { kind: 'append', expectedLastEventId, events: [...events], summary });
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: proxy, writes };
}

/** The same writes for another execution ARN (and name), so that one recording can be replayed many times. */
export function renameWrites(writes, fromArn, toArn) {
  const name = toArn.slice(toArn.lastIndexOf(':') + 1);
  return writes.map((write) => ({
    ...write,
    summary: { ...write.summary, executionArn: toArn, name },
    events: write.events.map((recorded) =>
      recorded.facts.execution !== undefined
        ? {
            ...recorded,
            facts: { ...recorded.facts, execution: { ...recorded.facts.execution, executionArn: toArn, name } },
          }
        : recorded,
    ),
  }));
}
