import { parseDefinition } from '../../asl/index.js';
import { StateMachineAlreadyExists, StateMachineLimitExceeded } from '../../errors/index.js';
import type { StateMachineRecord } from '../../store/index.js';
import type { CreateStateMachineInput, CreateStateMachineOutput } from '../api-types.js';
import { assertRoleArn, stateMachineArn } from '../arns.js';
import { assertRunnableAs } from '../express-rules.js';
import { assertValidName } from '../names.js';
import { constraints, RequestValidator } from '../request-validator.js';
import { assertTagLimit, countAll } from '../resources.js';
import { assertVersionDescriptionPublished, publishVersion } from '../state-machine-versions.js';
import { nowIso, type ServiceContext } from '../service-context.js';
import {
  assertSupportedEncryption,
  checkSettingsModel,
  loggingOf,
  normaliseEncryption,
  normaliseLogging,
  normaliseTags,
  normaliseTracing,
  tracingOf,
} from '../state-machine-settings.js';

/**
 * CreateStateMachine; `publish: true` also publishes version 1 (with `versionDescription`).
 * Idempotent as AWS documents it: the same name with the same definition, type, logging, tracing
 * and encryption returns the existing ARN and creation date (a different role or tags are
 * ignored); anything else under that name is `StateMachineAlreadyExists`. Throws
 * `ValidationException`, `InvalidName`, `InvalidArn` (role), `InvalidDefinition`,
 * `InvalidLoggingConfiguration`, `InvalidEncryptionConfiguration`, `TooManyTags`,
 * `StateMachineLimitExceeded`.
 */
export async function createStateMachine(
  context: ServiceContext,
  input: CreateStateMachineInput,
): Promise<CreateStateMachineOutput> {
  const validator = new RequestValidator();
  if (validator.required('name', input.name)) validator.string('name', input.name, constraints.name);
  if (validator.required('definition', input.definition))
    validator.string('definition', input.definition, constraints.definition);
  if (validator.required('roleArn', input.roleArn)) validator.string('roleArn', input.roleArn, constraints.arn);
  validator.oneOf('type', input.type, ['STANDARD', 'EXPRESS']);
  checkSettingsModel(validator, input);
  validator.throwIfInvalid();
  const { name, definition, roleArn } = input;

  assertValidName(name);
  assertRoleArn(roleArn);
  const model = parseDefinition(definition);
  const loggingConfiguration = normaliseLogging(input.loggingConfiguration);
  const tracingConfiguration = normaliseTracing(input.tracingConfiguration);
  assertSupportedEncryption(input.encryptionConfiguration);
  const encryptionConfiguration = normaliseEncryption(input.encryptionConfiguration);
  assertVersionDescriptionPublished(input);
  const type = input.type ?? 'STANDARD';
  assertRunnableAs(type, model);
  const tags = normaliseTags(input.tags);

  const arn = stateMachineArn(context.scope, name);
  assertTagLimit(context, arn, tags.length);
  return context.exclusive(arn, async () => {
    const existing = await context.store.getStateMachine(arn);
    if (existing !== undefined) {
      const same =
        existing.definition === definition &&
        existing.type === type &&
        JSON.stringify(loggingOf(existing)) === JSON.stringify(loggingConfiguration) &&
        tracingOf(existing).enabled === tracingConfiguration.enabled &&
        JSON.stringify(existing.encryptionConfiguration) === JSON.stringify(encryptionConfiguration);
      if (!same) throw new StateMachineAlreadyExists(arn);
      const version =
        input.publish === true ? await publishVersion(context, existing, input.versionDescription) : undefined;
      return created(existing, version?.stateMachineVersionArn);
    }

    const limit = context.limits.maxStateMachines;
    if (limit !== undefined && (await countAll((page) => context.store.listStateMachines(page))) >= limit) {
      throw new StateMachineLimitExceeded(`State Machine Limit Exceeded: '${limit}'`);
    }

    const creationDate = nowIso(context);
    const revisionId = context.uuid();
    await context.store.putStateMachineRevision({
      stateMachineArn: arn,
      revisionId,
      definition,
      roleArn,
      creationDate,
    });
    const record: StateMachineRecord = {
      stateMachineArn: arn,
      name,
      type,
      definition,
      roleArn,
      creationDate,
      revisionId,
      loggingConfiguration,
      tracingConfiguration,
      ...(encryptionConfiguration === undefined ? {} : { encryptionConfiguration }),
      tags,
    };
    await context.store.putStateMachine(record);
    const version =
      input.publish === true ? await publishVersion(context, record, input.versionDescription) : undefined;
    return created(record, version?.stateMachineVersionArn);
  });
}

function created(record: StateMachineRecord, stateMachineVersionArn: string | undefined): CreateStateMachineOutput {
  return {
    stateMachineArn: record.stateMachineArn,
    creationDate: new Date(record.creationDate),
    ...(stateMachineVersionArn === undefined ? {} : { stateMachineVersionArn }),
  };
}
