import { describe, expect, it } from 'vitest';
import { HistoryFileError, parseAwsHistory } from './aws-history.js';

const started = {
  id: 1,
  previousEventId: 0,
  timestamp: '2024-05-01T12:00:00.123000+02:00',
  type: 'ExecutionStarted',
  executionStartedEventDetails: {
    input: '{"a":1}',
    inputDetails: { truncated: false },
    roleArn: 'arn:aws:iam::123456789012:role/r',
  },
};
const entered = {
  id: 2,
  previousEventId: 0,
  timestamp: 1714557600.5,
  type: 'PassStateEntered',
  stateEnteredEventDetails: { name: 'P', input: { a: 1 }, inputDetails: { truncated: false } },
};

describe('parseAwsHistory', () => {
  it('reads the CLI output, turning any timestamp into statefold ISO text and parsed payloads into JSON text', () => {
    expect(parseAwsHistory({ events: [entered, started] })).toEqual([
      { event: { ...started, timestamp: '2024-05-01T10:00:00.123Z' }, facts: {} },
      {
        event: {
          ...entered,
          timestamp: '2024-05-01T10:00:00.500Z',
          stateEnteredEventDetails: { ...entered.stateEnteredEventDetails, input: '{"a":1}' },
        },
        facts: {},
      },
    ]);
  });

  it('reads an array of pages and a bare array of events alike', () => {
    const pages = parseAwsHistory([{ events: [started], nextToken: 'x' }, { events: [entered] }]);
    expect(pages.map(({ event }) => event.id)).toEqual([1, 2]);
    expect(parseAwsHistory([started, entered])).toEqual(pages);
  });

  it('drops statefold facts a file claims: replay derives them itself', () => {
    const [parsed] = parseAwsHistory({ events: [{ ...started, statefold: { thread: '/9.0' } }] });
    expect(parsed?.event).not.toHaveProperty('statefold');
    expect(parsed?.facts).toEqual({});
  });

  it('names what is wrong with a file that is not a history', () => {
    expect(() => parseAwsHistory({ executions: [] })).toThrow(HistoryFileError);
    expect(() => parseAwsHistory({ events: [{ ...started, id: 'one' }] })).toThrow(
      'Event 1 of the file has no positive integer "id"',
    );
    expect(() => parseAwsHistory({ events: [{ ...started, timestamp: 'yesterday' }] })).toThrow(
      'Event 1 has no readable "timestamp"',
    );
    expect(() => parseAwsHistory({ events: [started, started] })).toThrow('The history holds event 1 twice');
  });
});

describe('parseAwsHistory on assigned variables', () => {
  it('keeps each variable as JSON text, as AWS records it', () => {
    const exited = {
      id: 3,
      previousEventId: 2,
      timestamp: 0,
      type: 'PassStateExited',
      stateExitedEventDetails: {
        name: 'P',
        output: '{}',
        outputDetails: { truncated: false },
        assignedVariables: { a: { b: 1 }, c: '"text"' },
      },
    };
    expect(parseAwsHistory({ events: [exited] })[0]?.event).toMatchObject({
      stateExitedEventDetails: { assignedVariables: { a: '{"b":1}', c: '"text"' } },
    });
  });
});
