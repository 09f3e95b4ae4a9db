import { memoryStore } from '../store/index.js';
import { describe, expect, it } from 'vitest';
import { InvalidArn, ResourceNotFound, TooManyTags, ValidationException } from '../errors/index.js';
import { createServiceFixture, PASS_DEFINITION, ROLE_ARN } from '../testing/service-fixture.js';

const SM_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:hello';
const ACT_ARN = 'arn:aws:states:us-east-1:123456789012:activity:worker';

describe('TagResource, UntagResource and ListTagsForResource', () => {
  it.each([SM_ARN, ACT_ARN])('add, replace and remove the tags of %s', async (resourceArn) => {
    const { sfn } = createServiceFixture(memoryStore());
    await sfn.createStateMachine({
      name: 'hello',
      definition: PASS_DEFINITION,
      roleArn: ROLE_ARN,
      tags: [{ key: 'a', value: '1' }],
    });
    await sfn.createActivity({ name: 'worker', tags: [{ key: 'a', value: '1' }] });
    await sfn.tagResource({
      resourceArn,
      tags: [
        { key: 'a', value: '2' },
        { key: 'b', value: '3' },
      ],
    });
    expect(await sfn.listTagsForResource({ resourceArn })).toEqual({
      tags: [
        { key: 'a', value: '2' },
        { key: 'b', value: '3' },
      ],
    });
    await sfn.untagResource({ resourceArn, tagKeys: ['a', 'missing'] });
    expect(await sfn.listTagsForResource({ resourceArn })).toEqual({ tags: [{ key: 'b', value: '3' }] });
  });

  it('refuses to grow a resource past 50 tags with TooManyTags', async () => {
    const { sfn } = createServiceFixture(memoryStore());
    await sfn.createActivity({
      name: 'worker',
      tags: Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: '' })),
    });
    await expect(sfn.tagResource({ resourceArn: ACT_ARN, tags: [{ key: 'one-more', value: '' }] })).rejects.toThrow(
      TooManyTags,
    );
  });

  it.each([
    ['a missing resource', { resourceArn: SM_ARN, tags: [] }, new ResourceNotFound(`Resource not found: '${SM_ARN}'`)],
    [
      'an execution ARN',
      { resourceArn: 'arn:aws:states:us-east-1:123456789012:execution:a:b', tags: [] },
      new InvalidArn("Invalid Arn: 'Resource type not valid in this context: execution'"),
    ],
    ['a malformed ARN', { resourceArn: 'x', tags: [] }, InvalidArn],
    // AWS documents tags on state machines and activities only, not on their versions or aliases.
    ['a version ARN', { resourceArn: `${SM_ARN}:1`, tags: [] }, InvalidArn],
    ['an alias ARN', { resourceArn: `${SM_ARN}:prod`, tags: [] }, InvalidArn],
    ['a missing tag list', { resourceArn: SM_ARN }, ValidationException],
    ['a 129-character key', { resourceArn: SM_ARN, tags: [{ key: 'k'.repeat(129), value: '' }] }, ValidationException],
  ])('rejects TagResource with %s', async (_, input, error) => {
    const { sfn } = createServiceFixture(memoryStore());
    await expect(sfn.tagResource(input as { resourceArn: string; tags: [] })).rejects.toThrow(error);
  });

  it('rejects UntagResource and ListTagsForResource of a missing resource with ResourceNotFound', async () => {
    const { sfn } = createServiceFixture(memoryStore());
    await expect(sfn.untagResource({ resourceArn: ACT_ARN, tagKeys: ['a'] })).rejects.toThrow(ResourceNotFound);
    await expect(sfn.listTagsForResource({ resourceArn: ACT_ARN })).rejects.toThrow(ResourceNotFound);
  });
});

describe('ValidateStateMachineDefinition', () => {
  it('answers OK for a valid definition', async () => {
    const { sfn } = createServiceFixture(memoryStore());
    expect(await sfn.validateStateMachineDefinition({ definition: PASS_DEFINITION })).toEqual({
      result: 'OK',
      diagnostics: [],
      truncated: false,
    });
  });

  it('reports each problem as an ERROR diagnostic with its code and location', async () => {
    const { sfn } = createServiceFixture(memoryStore());
    const result = await sfn.validateStateMachineDefinition({
      definition: JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Nowhere' } } }),
    });
    expect(result.result).toBe('FAIL');
    expect(result.diagnostics.length).toBeGreaterThan(0);
    for (const diagnostic of result.diagnostics) {
      expect(diagnostic.severity).toBe('ERROR');
      expect(diagnostic.code).toMatch(/^[A-Z_]+$/);
      expect(diagnostic.message).not.toMatch(/ at \//);
    }
    expect(result.diagnostics.some((diagnostic) => diagnostic.location?.startsWith('/States/A'))).toBe(true);
  });

  it('rejects a missing definition with ValidationException', async () => {
    const { sfn } = createServiceFixture(memoryStore());
    await expect(sfn.validateStateMachineDefinition({} as { definition: string })).rejects.toThrow(ValidationException);
  });
});
