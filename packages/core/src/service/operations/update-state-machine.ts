import { parseDefinition } from '../../asl/index.js';
import { assertRunnableAs } from '../express-rules.js';
import { MissingRequiredParameter } from '../../errors/index.js';
import type { UpdateStateMachineInput, UpdateStateMachineOutput } from '../api-types.js';
import { assertRoleArn } from '../arns.js';
import { constraints, RequestValidator } from '../request-validator.js';
import { requireStateMachine } from '../resources.js';
import { nowIso, type ServiceContext } from '../service-context.js';
import { assertVersionDescriptionPublished, publishVersion } from '../state-machine-versions.js';
import {
  assertSupportedEncryption,
  checkSettingsModel,
  loggingOf,
  normaliseEncryption,
  normaliseLogging,
  normaliseTracing,
  tracingOf,
} from '../state-machine-settings.js';

/**
 * UpdateStateMachine: a change of definition, role, logging, tracing or encryption makes a new
 * revision (new `revisionId`); executions already started keep the revision they started with, new
 * ones use this one. `publish: true` then publishes it as the next version. Throws
 * `ValidationException`, `MissingRequiredParameter` (nothing to update), `InvalidArn`,
 * `StateMachineDoesNotExist`, `InvalidDefinition`, `InvalidLoggingConfiguration`,
 * `InvalidEncryptionConfiguration`, `ConflictException`, `ServiceQuotaExceededException` (publish).
 */
export async function updateStateMachine(
  context: ServiceContext,
  input: UpdateStateMachineInput,
): Promise<UpdateStateMachineOutput> {
  const validator = new RequestValidator();
  if (validator.required('stateMachineArn', input.stateMachineArn)) {
    validator.string('stateMachineArn', input.stateMachineArn, constraints.arn);
  }
  validator.string('definition', input.definition, constraints.definition);
  validator.string('roleArn', input.roleArn, constraints.arn);
  checkSettingsModel(validator, input);
  validator.throwIfInvalid();
  if (
    input.definition === undefined &&
    input.roleArn === undefined &&
    input.loggingConfiguration === undefined &&
    input.tracingConfiguration === undefined &&
    input.encryptionConfiguration === undefined
  ) {
    throw new MissingRequiredParameter(
      'Either the definition, the role ARN, the LoggingConfiguration, the EncryptionConfiguration or the TracingConfiguration must be specified',
    );
  }

  assertVersionDescriptionPublished(input);
  const checked = await requireStateMachine(context, input.stateMachineArn);
  return context.exclusive(checked.stateMachineArn, () => updateRecord(context, input));
}

async function updateRecord(
  context: ServiceContext,
  input: UpdateStateMachineInput,
): Promise<UpdateStateMachineOutput> {
  const record = await requireStateMachine(context, input.stateMachineArn);
  if (input.roleArn !== undefined) assertRoleArn(input.roleArn);
  if (input.definition !== undefined) assertRunnableAs(record.type, parseDefinition(input.definition));
  const loggingConfiguration =
    input.loggingConfiguration === undefined ? loggingOf(record) : normaliseLogging(input.loggingConfiguration);
  const tracingConfiguration =
    input.tracingConfiguration === undefined ? tracingOf(record) : normaliseTracing(input.tracingConfiguration);
  assertSupportedEncryption(input.encryptionConfiguration);
  const encryptionConfiguration =
    input.encryptionConfiguration === undefined
      ? record.encryptionConfiguration
      : normaliseEncryption(input.encryptionConfiguration);

  const definition = input.definition ?? record.definition;
  const roleArn = input.roleArn ?? record.roleArn;
  const updateDate = nowIso(context);
  // A revision is the definition and its configuration: a version published later snapshots all of it.
  const revisionChanged =
    definition !== record.definition ||
    roleArn !== record.roleArn ||
    JSON.stringify(loggingConfiguration) !== JSON.stringify(loggingOf(record)) ||
    tracingConfiguration.enabled !== tracingOf(record).enabled ||
    JSON.stringify(encryptionConfiguration) !== JSON.stringify(record.encryptionConfiguration);
  const revisionId = revisionChanged ? context.uuid() : record.revisionId;
  if (revisionChanged) {
    await context.store.putStateMachineRevision({
      stateMachineArn: record.stateMachineArn,
      revisionId,
      definition,
      roleArn,
      creationDate: updateDate,
    });
  }
  const updated = {
    ...record,
    definition,
    roleArn,
    revisionId,
    updateDate,
    loggingConfiguration,
    tracingConfiguration,
    ...(encryptionConfiguration === undefined ? {} : { encryptionConfiguration }),
  };
  await context.store.putStateMachine(updated);
  const version = input.publish === true ? await publishVersion(context, updated, input.versionDescription) : undefined;
  return {
    updateDate: new Date(updateDate),
    revisionId,
    ...(version === undefined ? {} : { stateMachineVersionArn: version.stateMachineVersionArn }),
  };
}
