import { afterAll, describe, expect, it } from 'vitest';
import { parseDefinition } from '../asl/index.js';
import { createDecideRuntime } from './decide-runtime.js';
import { initialExecutionState } from './execution-state.js';
import { STATE_RUNNERS } from './states/index.js';
import { Macrostep } from './macrostep.js';

const MACHINE = parseDefinition('{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}');
const STARTED = {
  executionStartedEventDetails: { input: '{}', inputDetails: { truncated: false }, roleArn: 'role' },
} as const;

const runtime = createDecideRuntime();
afterAll(() => runtime.close());

function newMacrostep(): Macrostep {
  let numbers = 0;
  const env = {
    now: new Date('2024-01-01T00:00:00.000Z'),
    random: () => (numbers += 1) / 4,
    uuid: () => '00000000-0000-4000-8000-000000000001',
    runtime,
  };
  return new Macrostep(MACHINE, initialExecutionState, STATE_RUNNERS, env, 25_000);
}

describe('Macrostep', () => {
  it('records the values its env draws on the next event it emits, and no others', () => {
    const macrostep = newMacrostep();
    expect([macrostep.env.random(), macrostep.env.uuid(), macrostep.random()]).toEqual([
      0.25,
      '00000000-0000-4000-8000-000000000001',
      0.5,
    ]);
    macrostep.emit('', 'ExecutionStarted', STARTED);
    macrostep.emit('', 'ExecutionSucceeded', {
      executionSucceededEventDetails: { output: '{}', outputDetails: { truncated: false } },
    });
    expect(macrostep.events.map(({ facts }) => facts)).toEqual([
      { draws: [0.25, '00000000-0000-4000-8000-000000000001', 0.5] },
      {},
    ]);
  });

  it('puts values drawn after its last event on that event, keeping the order they were drawn in', () => {
    const macrostep = newMacrostep();
    macrostep.env.random();
    macrostep.emit('', 'ExecutionStarted', STARTED);
    macrostep.env.random();
    macrostep.flushDraws();
    expect(macrostep.events.map(({ facts }) => facts)).toEqual([{ draws: [0.25, 0.5] }]);
  });
});
