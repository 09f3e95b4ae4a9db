import { describe, expect, it } from 'vitest';
import { NO_FACTS, type HistoryEvent, type RecordedEvent } from '../history/index.js';
import { describeTimeline, formatElapsed, formatTimeline } from './timeline.js';

const t0 = '2024-01-01T00:00:00.000Z';
const plainEvents: HistoryEvent[] = [
  {
    id: 1,
    previousEventId: 0,
    timestamp: t0,
    type: 'ExecutionStarted',
    executionStartedEventDetails: { input: '{"n":1}', inputDetails: { truncated: false }, roleArn: 'r' },
  },
  {
    id: 2,
    previousEventId: 0,
    timestamp: t0,
    type: 'TaskStateEntered',
    stateEnteredEventDetails: { name: 'Call', input: '{"n":1}', inputDetails: { truncated: false } },
  },
  {
    id: 3,
    previousEventId: 2,
    timestamp: t0,
    type: 'LambdaFunctionScheduled',
    lambdaFunctionScheduledEventDetails: {
      resource: 'arn:aws:lambda:us-east-1:1:function:f',
      input: '{}',
      inputDetails: { truncated: false },
    },
  },
  {
    id: 4,
    previousEventId: 3,
    timestamp: '2024-01-01T00:02:03.500Z',
    type: 'LambdaFunctionFailed',
    lambdaFunctionFailedEventDetails: { error: 'Boom', cause: 'it broke' },
  },
  {
    id: 5,
    previousEventId: 4,
    timestamp: '2024-01-01T02:00:00.000Z',
    type: 'ExecutionFailed',
    executionFailedEventDetails: { error: 'Boom', cause: 'it broke' },
  },
];
const events: RecordedEvent[] = plainEvents.map((event) => ({ event, facts: NO_FACTS }));

describe('describeTimeline', () => {
  it('gives each event its time since the start, its state and a short detail', () => {
    expect(describeTimeline(events).map((e) => [e.eventId, e.elapsedMs, e.type, e.stateName, e.detail])).toEqual([
      [1, 0, 'ExecutionStarted', undefined, '{"n":1}'],
      [2, 0, 'TaskStateEntered', 'Call', '{"n":1}'],
      [3, 0, 'LambdaFunctionScheduled', 'Call', 'arn:aws:lambda:us-east-1:1:function:f'],
      [4, 123_500, 'LambdaFunctionFailed', 'Call', 'Boom: it broke'],
      [5, 7_200_000, 'ExecutionFailed', undefined, 'Boom: it broke'],
    ]);
  });

  it('names the thread statefold recorded for each event', () => {
    const [entered, scheduled, failed] = plainEvents.slice(1, 4);
    if (entered === undefined || scheduled === undefined || failed === undefined) throw new Error('no events');
    const threaded = describeTimeline([
      { event: entered, facts: { thread: '/2.0' } },
      { event: scheduled, facts: { thread: '/2.0', draws: ['5e0f3b9a-0000-4000-8000-000000000001'] } },
      { event: failed, facts: { thread: '/2.0', dueAt: '2024-01-01T00:02:05.000Z', retrierIndex: 0 } },
    ]);
    expect(threaded.map((e) => [e.thread, e.detail])).toEqual([
      ['/2.0', '{"n":1}'],
      ['/2.0', 'arn:aws:lambda:us-east-1:1:function:f'],
      ['/2.0', 'Boom: it broke'],
    ]);
  });

  it('prints one aligned line per event', () => {
    const lines = formatTimeline(describeTimeline(events)).split('\n');
    expect(lines[3]).toBe('    4    +2m03.5s  LambdaFunctionFailed        Call                  Boom: it broke');
    expect(lines).toHaveLength(6);
  });

  it('writes elapsed time in seconds, minutes or hours', () => {
    expect([formatElapsed(250), formatElapsed(59_999), formatElapsed(61_000), formatElapsed(3_723_000)]).toEqual([
      '+0.250s',
      '+59.999s',
      '+1m01.0s',
      '+1h02m03s',
    ]);
  });
});
