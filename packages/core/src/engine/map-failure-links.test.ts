import { memoryStore } from '../store/index.js';
import { describe, expect, it } from 'vitest';
import { createServiceFixture } from '../testing/service-fixture.js';

// Where the events after a failed Map link, as AWS records them: MapStateFailed follows the failed
// iteration's last event (not its MapIterationFailed, nor the aborts of the iterations still running),
// and the Catch's MapStateExited follows MapStateFailed (scenarios/test_map_state_catch,
// timeouts/test_service_lambda_map_timeout).

const failingItem = { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'ItemError', Cause: 'bad item' } } };

describe('a failed Map', () => {
  it('links MapStateFailed to the failed iteration’s last event and the Catch after it', async () => {
    const f = createServiceFixture(memoryStore());
    const arn = await f.run(
      {
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            ItemProcessor: failingItem,
            Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Handled' }],
            End: true,
          },
          Handled: { Type: 'Pass', End: true },
        },
      },
      [1],
    );
    expect(await f.links(arn)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'MapStateEntered'],
      [3, 2, 'MapStateStarted'],
      [4, 3, 'MapIterationStarted'],
      [5, 4, 'FailStateEntered'],
      [6, 5, 'MapIterationFailed'],
      [7, 5, 'MapStateFailed'],
      [8, 7, 'MapStateExited'],
      [9, 8, 'PassStateEntered'],
      [10, 9, 'PassStateExited'],
      [11, 10, 'ExecutionSucceeded'],
    ]);
  });

  it('links MapStateFailed past the aborts of the iterations still running', async () => {
    const f = createServiceFixture(memoryStore());
    f.lambda.hold('slow');
    const arn = await f.run(
      {
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            ItemProcessor: {
              StartAt: 'Route',
              States: {
                Route: { Type: 'Choice', Choices: [{ Variable: '$', NumericEquals: 0, Next: 'F' }], Default: 'T' },
                F: { Type: 'Fail', Error: 'ItemError' },
                T: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:slow', End: true },
              },
            },
            End: true,
          },
        },
      },
      [1, 0],
    );
    const links = await f.links(arn);
    const iterationFailed = links.find(([, , type]) => type === 'MapIterationFailed');
    const mapFailed = links.find(([, , type]) => type === 'MapStateFailed');
    expect(links.map(([, , type]) => type)).toContain('MapIterationAborted');
    expect(mapFailed?.[1]).toBe(iterationFailed?.[1]);
    expect((await f.describe(arn)).status).toBe('FAILED');
  });
});
