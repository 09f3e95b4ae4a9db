import { describe, expect, it } from 'vitest';
import { formatDefinitionProblem, validateDefinition } from './index.js';

function problemsOf(definition: unknown): readonly string[] {
  const validation = validateDefinition(JSON.stringify(definition));
  return validation.kind === 'valid' ? [] : validation.problems.map(formatDefinitionProblem);
}

const succeed = { Type: 'Succeed' };

describe('transitions', () => {
  it.each<[string, unknown, readonly string[]]>([
    [
      'a StartAt naming no state',
      { StartAt: 'Nope', States: { A: succeed } },
      [
        "MISSING_TRANSITION_TARGET: Missing 'Next' target: Nope at /StartAt",
        'MISSING_TRANSITION_TARGET: State "A" is not reachable. at /States/A',
      ],
    ],
    [
      'a Next naming no state',
      { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, C: succeed } },
      [
        "MISSING_TRANSITION_TARGET: Missing 'Next' target: B at /States/A/Next",
        'MISSING_TRANSITION_TARGET: State "C" is not reachable. at /States/C',
      ],
    ],
    [
      'a Choice rule and Default naming no state',
      {
        StartAt: 'C',
        States: {
          C: { Type: 'Choice', Choices: [{ Variable: '$.x', IsNull: true, Next: 'X' }], Default: 'Y' },
          Z: succeed,
        },
      },
      [
        "MISSING_TRANSITION_TARGET: Missing 'Next' target: X at /States/C/Choices[0]/Next",
        "MISSING_TRANSITION_TARGET: Missing 'Next' target: Y at /States/C/Default",
        'MISSING_TRANSITION_TARGET: State "Z" is not reachable. at /States/Z',
      ],
    ],
    [
      'a loop with no terminal state',
      { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'A' } } },
      ['MISSING_END_STATE: Workflow has no terminal state at null'],
    ],
    [
      'an unreachable terminal state beside a loop',
      {
        StartAt: 'A',
        States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'A' }, C: { Type: 'Pass', End: true } },
      },
      ['MISSING_TRANSITION_TARGET: State "C" is not reachable. at /States/C'],
    ],
    [
      'a Next that leaves its Parallel branch',
      {
        StartAt: 'P',
        States: {
          P: {
            Type: 'Parallel',
            Next: 'Done',
            Branches: [{ StartAt: 'B1', States: { B1: { Type: 'Pass', Next: 'Done' } } }],
          },
          Done: succeed,
        },
      },
      [
        "MISSING_TRANSITION_TARGET: Missing 'Next' target: Done at /States/P/Branches[0]/States/B1/Next",
        'MISSING_END_STATE: Workflow has no terminal state at null',
      ],
    ],
    [
      'a Next into a Map processor from outside',
      {
        StartAt: 'M',
        States: {
          M: { Type: 'Map', Next: 'Inner', ItemProcessor: { StartAt: 'Inner', States: { Inner: succeed } } },
        },
      },
      [
        "MISSING_TRANSITION_TARGET: Missing 'Next' target: Inner at /States/M/Next",
        'MISSING_END_STATE: Workflow has no terminal state at null',
      ],
    ],
    [
      'a state name used in two branches',
      {
        StartAt: 'P',
        States: {
          P: {
            Type: 'Parallel',
            End: true,
            Branches: [
              { StartAt: 'S', States: { S: succeed } },
              { StartAt: 'S', States: { S: succeed } },
            ],
          },
        },
      },
      ['DUPLICATE_STATE_NAME: Duplicate State name: S at /States/P/Branches[1]/States/S'],
    ],
  ])('refuses %s', (_name, definition, expected) => {
    expect(problemsOf(definition)).toEqual(expected);
  });

  it('accepts a state reached only through a Catch', () => {
    expect(
      problemsOf({
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            End: true,
            Catch: [{ ErrorEquals: ['States.ALL'], Next: 'F' }],
          },
          F: { Type: 'Fail', Error: 'Caught' },
        },
      }),
    ).toEqual([]);
  });

  it('accepts a loop that can leave through a Choice', () => {
    expect(
      problemsOf({
        StartAt: 'Loop',
        States: {
          Loop: { Type: 'Pass', Next: 'Check' },
          Check: {
            Type: 'Choice',
            Choices: [{ Variable: '$.done', BooleanEquals: true, Next: 'End' }],
            Default: 'Loop',
          },
          End: succeed,
        },
      }),
    ).toEqual([]);
  });
});
