import { ValidationException } from '../../errors/index.js';
import type { UpdateMapRunInput, UpdateMapRunOutput } from '../api-types.js';
import { RequestValidator } from '../request-validator.js';
import { requireMapRun } from '../resources.js';
import type { ServiceContext } from '../service-context.js';

/**
 * UpdateMapRun: changes a running Map Run's maximum concurrency and tolerated failures; the engine
 * applies them to the children it starts and the failures it counts from then on. Not idempotent
 * in effect only in that the last update wins. Throws `ValidationException` (no change asked for,
 * a value out of range, a run that has ended), `InvalidArn`, `ResourceNotFound`.
 */
export async function updateMapRun(context: ServiceContext, input: UpdateMapRunInput): Promise<UpdateMapRunOutput> {
  const validator = new RequestValidator();
  if (validator.required('mapRunArn', input.mapRunArn))
    validator.string('mapRunArn', input.mapRunArn, { min: 1, max: 2000 });
  validator.integer('maxConcurrency', input.maxConcurrency, 0, Number.MAX_SAFE_INTEGER);
  validator.integer('toleratedFailureCount', input.toleratedFailureCount, 0, Number.MAX_SAFE_INTEGER);
  validator.integer('toleratedFailurePercentage', input.toleratedFailurePercentage, 0, 100);
  validator.throwIfInvalid();
  const { maxConcurrency, toleratedFailureCount, toleratedFailurePercentage } = input;
  if (maxConcurrency === undefined && toleratedFailureCount === undefined && toleratedFailurePercentage === undefined) {
    throw new ValidationException(
      'At least one of the following parameters must be specified: maxConcurrency, toleratedFailurePercentage, toleratedFailureCount',
    );
  }

  const record = await requireMapRun(context, input.mapRunArn);
  if (record.status !== 'RUNNING') {
    throw new ValidationException(`Map Run is not running: '${record.mapRunArn}' is ${record.status}`);
  }
  const updated = {
    ...record,
    ...(maxConcurrency === undefined ? {} : { maxConcurrency }),
    ...(toleratedFailureCount === undefined ? {} : { toleratedFailureCount }),
    ...(toleratedFailurePercentage === undefined ? {} : { toleratedFailurePercentage }),
  };
  await context.store.putMapRun(updated);
  context.engine.updateMapRun(updated);
  return {};
}
