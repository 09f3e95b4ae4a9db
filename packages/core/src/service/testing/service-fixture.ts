import type { Store } from '../../store/index.js';
import type { ServiceLimits } from '../service-context.js';
import { StepFunctions } from '../step-functions.js';
import { FakeEngine } from './fake-engine.js';
import { FixedClock } from './fixed-clock.js';

/** A `StepFunctions` on a given store with a fixed clock, numbered UUIDs and the fake engine. */
export interface ServiceFixture {
  readonly sfn: StepFunctions;
  readonly engine: FakeEngine;
  readonly clock: FixedClock;
  readonly store: Store;
}

/** A role ARN every fixture state machine can use. */
export const ROLE_ARN = 'arn:aws:iam::123456789012:role/statefold-test';

/** The smallest valid definition: one Pass state. */
export const PASS_DEFINITION = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });

/** Builds the fixture; the store comes from the test (core's src imports no store). */
export function createServiceFixture(store: Store, limits?: ServiceLimits): ServiceFixture {
  const clock = new FixedClock(new Date('2024-01-01T00:00:00.000Z'));
  let engine: FakeEngine | undefined;
  let counter = 0;
  const sfn = new StepFunctions({
    store,
    clock,
    uuid: () => `00000000-0000-4000-8000-${String((counter += 1)).padStart(12, '0')}`,
    ...(limits === undefined ? {} : { limits }),
    createEngine: (dependencies) => (engine = new FakeEngine(dependencies.store, clock)),
  });
  if (engine === undefined) throw new TypeError('createEngine was not called');
  return { sfn, engine, clock, store };
}
