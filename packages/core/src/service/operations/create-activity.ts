import { ActivityLimitExceeded } from '../../errors/index.js';
import type { CreateActivityInput, CreateActivityOutput } from '../api-types.js';
import { activityArn } from '../arns.js';
import { assertValidName } from '../names.js';
import { constraints, RequestValidator } from '../request-validator.js';
import { assertTagLimit, countAll } from '../resources.js';
import { nowIso, type ServiceContext } from '../service-context.js';
import { assertSupportedEncryption, checkSettingsModel, normaliseTags } from '../state-machine-settings.js';

/**
 * CreateActivity. Idempotent on the name, as AWS documents it: an existing activity is returned
 * unchanged (different tags are ignored, not applied). Throws `ValidationException`, `InvalidName`,
 * `InvalidEncryptionConfiguration`, `TooManyTags`, `ActivityLimitExceeded`.
 */
export async function createActivity(
  context: ServiceContext,
  input: CreateActivityInput,
): Promise<CreateActivityOutput> {
  const validator = new RequestValidator();
  if (validator.required('name', input.name)) validator.string('name', input.name, constraints.name);
  checkSettingsModel(validator, input);
  validator.throwIfInvalid();

  assertValidName(input.name);
  assertSupportedEncryption(input.encryptionConfiguration);
  const arn = activityArn(context.scope, input.name);
  const tags = normaliseTags(input.tags);
  assertTagLimit(context, arn, tags.length);

  const existing = await context.store.getActivity(arn);
  if (existing !== undefined) return { activityArn: arn, creationDate: new Date(existing.creationDate) };

  const limit = context.limits.maxActivities;
  if (limit !== undefined && (await countAll((page) => context.store.listActivities(page))) >= limit) {
    throw new ActivityLimitExceeded(`Activity Limit Exceeded: '${limit}'`);
  }
  const creationDate = nowIso(context);
  await context.store.putActivity({ activityArn: arn, name: input.name, creationDate, tags });
  return { activityArn: arn, creationDate: new Date(creationDate) };
}
