import { afterAll, describe, expect, it } from 'vitest';
import { parseDefinition } from '../asl/index.js';
import { createDecideRuntime } from './decide-runtime.js';
import { initialExecutionState } from './execution-state.js';
import { STATE_RUNNERS } from './state-runners.js';
import { Stepper } from './stepper.js';

const MACHINE = parseDefinition('{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}');
const STARTED = {
  executionStartedEventDetails: { input: '{}', inputDetails: { truncated: false }, roleArn: 'role' },
} as const;

const runtime = createDecideRuntime();
afterAll(() => runtime.close());

function stepper(): Stepper {
  let numbers = 0;
  const env = {
    now: new Date('2024-01-01T00:00:00.000Z'),
    random: () => (numbers += 1) / 4,
    uuid: () => '00000000-0000-4000-8000-000000000001',
    runtime,
  };
  return new Stepper(MACHINE, initialExecutionState, STATE_RUNNERS, env, 25_000);
}

describe('Stepper', () => {
  it('records the values its env draws on the next event it emits, and no others', () => {
    const s = stepper();
    expect([s.env.random(), s.env.uuid(), s.random()]).toEqual([0.25, '00000000-0000-4000-8000-000000000001', 0.5]);
    s.emit('', 'ExecutionStarted', STARTED);
    s.emit('', 'ExecutionSucceeded', {
      executionSucceededEventDetails: { output: '{}', outputDetails: { truncated: false } },
    });
    expect(s.events.map(({ facts }) => facts)).toEqual([
      { draws: [0.25, '00000000-0000-4000-8000-000000000001', 0.5] },
      {},
    ]);
  });

  it('puts values drawn after its last event on that event, keeping the order they were drawn in', () => {
    const s = stepper();
    s.env.random();
    s.emit('', 'ExecutionStarted', STARTED);
    s.env.random();
    s.flushDraws();
    expect(s.events.map(({ facts }) => facts)).toEqual([{ draws: [0.25, 0.5] }]);
  });
});
