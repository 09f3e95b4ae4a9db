import { optional } from './optional-field.js';
import { MAX_SECONDS, type FieldReader } from './field-reader.js';
import { checkRequiredFields } from './field-rules.js';
import { readDataFlowFields } from './data-flow-fields.js';
import { checkPayloadTemplate } from './payload-template-syntax.js';
import { readCatch, readRetry } from './validate-error-handling.js';
import { isKnownIntegration } from './service-integrations.js';
import { classifyResource } from './task-resource.js';
import type { StateContext } from './state-context.js';
import type { TaskState } from './model.js';

// An ARN names a partition, a service and then whatever the service puts after them.
const ARN = /^arn:[^:\s]+:[^:\s]+:[^\s]*:[^\s]*:\S+$/;

type TaskFields = Omit<TaskState, 'Type' | 'QueryLanguage' | 'Comment' | 'Next' | 'End'>;

/** Reads the fields particular to a Task state (`Type`, `Next`/`End` are read by the caller). */
export function readTaskState(context: StateContext): TaskFields {
  const { reader, language } = context;
  checkRequiredFields(reader.raw, ['Resource'], reader.location, reader.problems);
  reader.exclusive('TimeoutSeconds', 'TimeoutSecondsPath');
  reader.exclusive('HeartbeatSeconds', 'HeartbeatSecondsPath');
  const bounds = { min: 1, max: MAX_SECONDS };
  const timeout =
    language === 'JSONata'
      ? reader.integerOrExpression('TimeoutSeconds', bounds)
      : reader.integer('TimeoutSeconds', bounds);
  const heartbeat =
    language === 'JSONata'
      ? reader.integerOrExpression('HeartbeatSeconds', bounds)
      : reader.integer('HeartbeatSeconds', bounds);
  if (typeof timeout === 'number' && typeof heartbeat === 'number' && heartbeat >= timeout) {
    reader.invalid('HeartbeatSeconds', "smaller than the value for the field 'TimeoutSeconds'");
  }
  const resource = readResource(reader);
  return {
    Resource: resource ?? '',
    ...optional('resourceInfo', resource !== undefined ? classifyResource(resource) : undefined),
    ...readDataFlowFields(context),
    ...optional('TimeoutSeconds', timeout),
    ...optional('TimeoutSecondsPath', reader.path('TimeoutSecondsPath')),
    ...optional('HeartbeatSeconds', heartbeat),
    ...optional('HeartbeatSecondsPath', reader.path('HeartbeatSecondsPath')),
    ...optional('Credentials', readCredentials(context)),
    ...optional('Retry', readRetry(reader)),
    ...optional('Catch', readCatch(reader, language)),
  };
}

/**
 * `Resource` must be an ARN and, for the services whose integrations are known, one AWS offers.
 * The sentence is AWS's (conformance case
 * services/test_invalid_integration), reported at the field.
 */
function readResource(reader: FieldReader): string | undefined {
  const resource = reader.string('Resource');
  if (resource === undefined || (ARN.test(resource) && isKnownIntegration(resource))) return resource;
  reader.problems.schema(
    `The resource provided ${resource} is not recognized. The value is not a valid resource ARN, or the resource is not available in this region.`,
    reader.at('Resource'),
  );
  return undefined;
}

function readCredentials({ reader, language }: StateContext): TaskFields['Credentials'] {
  const credentials = reader.object('Credentials');
  if (credentials === undefined) return undefined;
  const before = reader.problems.size;
  if (language === 'JSONPath') checkPayloadTemplate(credentials, reader.at('Credentials'), reader.problems);
  else reader.jsonata('Credentials');
  return reader.problems.size === before ? credentials : undefined;
}
