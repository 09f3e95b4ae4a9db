import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StepFunctions, type LambdaInvoker, type LambdaInvokeResult } from '@statefold/core';
import { FakeClock } from '@statefold/core/testing';
import { sqliteStore } from '@statefold/store-sqlite';
import { createTempDir, type TempDir } from '../e2e/server-process.js';
import { runCli } from './cli-process.js';

// `statefold replay` of an execution that drew values at random, run by the real engine with its
// real randomness (Math.random, randomUUID) on a real SQLite file: every value drawn is recorded,
// and the replay reproduces them all.

const FLAKY = 'arn:aws:lambda:us-east-1:123456789012:function:flaky';

const DRAWING = {
  StartAt: 'Intrinsics',
  States: {
    Intrinsics: {
      Type: 'Pass',
      Parameters: { 'r.$': 'States.MathRandom(1, 1000000)', 'u.$': 'States.UUID()' },
      ResultPath: '$.intrinsics',
      Next: 'Jsonata',
    },
    Jsonata: {
      Type: 'Pass',
      QueryLanguage: 'JSONata',
      Output: '{% $merge([$states.input, { "jsonata": { "r": $random(), "u": $uuid() } }]) %}',
      Next: 'Both',
    },
    Both: {
      Type: 'Parallel',
      ResultPath: '$.branches',
      Branches: [
        {
          StartAt: 'Branch',
          States: { Branch: { Type: 'Pass', Parameters: { 'u.$': 'States.UUID()' }, End: true } },
        },
        {
          StartAt: 'Flaky',
          States: {
            Flaky: {
              Type: 'Task',
              Resource: FLAKY,
              Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 2, MaxAttempts: 3, JitterStrategy: 'FULL' }],
              End: true,
            },
          },
        },
      ],
      End: true,
    },
  },
};

/** Fails its first two calls, then answers. */
class FlakyLambda implements LambdaInvoker {
  #calls = 0;

  async invoke(): Promise<LambdaInvokeResult> {
    this.#calls += 1;
    return this.#calls <= 2
      ? { payload: { errorType: 'Flaky', errorMessage: 'try again' }, functionError: 'Unhandled' }
      : { payload: { attempt: this.#calls } };
  }
}

let dir: TempDir;
let db: string;
let executionArn: string;

beforeAll(async () => {
  dir = await createTempDir('statefold-draws-');
  db = join(dir.path, 'draws.db');
  const store = await sqliteStore({ filename: db });
  const clock = new FakeClock(new Date('2024-01-01T00:00:00.000Z'));
  // No random or uuid given: the engine draws from the system, as a server does.
  const sfn = new StepFunctions({ store, clock, lambda: new FlakyLambda() });
  const { stateMachineArn } = await sfn.createStateMachine({
    name: 'drawing',
    definition: JSON.stringify(DRAWING),
    roleArn: 'arn:aws:iam::123456789012:role/r',
  });
  ({ executionArn } = await sfn.startExecution({ stateMachineArn, name: 'e1', input: '{}' }));
  await clock.settle();
  await clock.advance(60_000);
  const { status } = await sfn.describeExecution({ executionArn });
  const events = await store.readEvents(executionArn);
  await sfn.close();
  await store.close();
  expect(status).toBe('SUCCEEDED');
  // Two numbers and two UUIDs in the Pass states, a UUID in the branch, and a jitter per retry.
  expect(events.flatMap(({ facts }) => facts.draws ?? []).map((value) => typeof value)).toEqual([
    'number',
    'string',
    'number',
    'string',
    'string',
    'number',
    'number',
  ]);
});

afterAll(async () => {
  await dir?.remove();
});

describe('statefold replay of an execution that drew values at random', () => {
  it('replays it cleanly against the definition it ran: every number and UUID reproduced', async () => {
    const run = await runCli(['replay', executionArn, '--db', db]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Replays cleanly: the definition decides all \d+ events as recorded\./);
  });

  it('names the values an edited definition draws differently from the history', async () => {
    const fewer = {
      ...DRAWING,
      States: {
        ...DRAWING.States,
        Intrinsics: { ...DRAWING.States.Intrinsics, Parameters: { 'r.$': 'States.UUID()' } },
      },
    };
    const definition = join(dir.path, 'fewer.json');
    await writeFile(definition, JSON.stringify(fewer));
    const run = await runCli(['replay', executionArn, '--db', db, '--definition', definition]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "Event 3 recorded PassStateExited 'Intrinsics'; the definition draws a UUID there, where the history recorded a number and a UUID.",
    );
  });

  it('verifies the chain over the events and the values they drew', async () => {
    const run = await runCli(['verify', '--db', db]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('every hash chain holds and every row matches its history.');
  });
});
