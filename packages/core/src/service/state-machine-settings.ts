import { InvalidEncryptionConfiguration, InvalidLoggingConfiguration } from '../errors/index.js';
import type { StateMachineRecord } from '../store/index.js';
import type { EncryptionConfiguration, LoggingConfiguration, Tag, TracingConfiguration } from './api-types.js';
import { constraints, type RequestValidator } from './request-validator.js';

// The optional settings a state machine carries besides its definition and role: logging,
// tracing, encryption and tags. Model checks go into the request's validator; semantic checks
// throw the setting's own error. What is stored is the normalised form DescribeStateMachine returns.

/** Logging as stored and described: AWS fills in `level: OFF` and `includeExecutionData: false`. */
export interface StoredLoggingConfiguration {
  readonly level: 'ALL' | 'ERROR' | 'FATAL' | 'OFF';
  readonly includeExecutionData: boolean;
  readonly destinations?: readonly { readonly cloudWatchLogsLogGroup: { readonly logGroupArn: string } }[];
}

/** Tracing as stored and described. */
export interface StoredTracingConfiguration {
  readonly enabled: boolean;
}

const LOG_GROUP_ARN = /^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:[^:]+:\*$/;

/** Adds the model constraints of `loggingConfiguration`, `tracingConfiguration`, encryption and tags. */
export function checkSettingsModel(
  validator: RequestValidator,
  input: {
    readonly loggingConfiguration?: LoggingConfiguration | undefined;
    readonly encryptionConfiguration?: EncryptionConfiguration | undefined;
    readonly tags?: readonly Tag[] | undefined;
    readonly versionDescription?: string | undefined;
  },
): void {
  const logging = input.loggingConfiguration;
  if (logging !== undefined) {
    validator.oneOf('loggingConfiguration.level', logging.level, ['ALL', 'ERROR', 'FATAL', 'OFF']);
    logging.destinations?.forEach((destination, index) => {
      validator.string(
        `loggingConfiguration.destinations.${index + 1}.member.cloudWatchLogsLogGroup.logGroupArn`,
        destination.cloudWatchLogsLogGroup?.logGroupArn,
        { min: 1, max: 256 },
      );
    });
  }
  const encryption = input.encryptionConfiguration;
  if (encryption !== undefined) {
    if (validator.required('encryptionConfiguration.type', encryption.type)) {
      validator.oneOf('encryptionConfiguration.type', encryption.type, ['AWS_OWNED_KEY', 'CUSTOMER_MANAGED_KMS_KEY']);
    }
    validator.string('encryptionConfiguration.kmsKeyId', encryption.kmsKeyId, { min: 1, max: 2048 });
    validator.integer(
      'encryptionConfiguration.kmsDataKeyReusePeriodSeconds',
      encryption.kmsDataKeyReusePeriodSeconds,
      60,
      900,
    );
  }
  checkTagsModel(validator, 'tags', input.tags);
  validator.string('versionDescription', input.versionDescription, constraints.versionDescription);
}

/** Adds the model constraints of a tag list: keys 1–128 characters, values up to 256. */
export function checkTagsModel(validator: RequestValidator, path: string, tags: readonly Tag[] | undefined): void {
  tags?.forEach((tag, index) => {
    validator.string(`${path}.${index + 1}.member.key`, tag.key, { min: 1, max: 128 });
    validator.string(`${path}.${index + 1}.member.value`, tag.value, { max: 256 });
  });
}

/** Normalises logging; throws `InvalidLoggingConfiguration` for a destination set AWS refuses. */
export function normaliseLogging(logging: LoggingConfiguration | undefined): StoredLoggingConfiguration {
  const level = logging?.level ?? 'OFF';
  const includeExecutionData = logging?.includeExecutionData ?? false;
  const destinations = logging?.destinations ?? [];
  if (destinations.length > 1 || (level !== 'OFF' && destinations.length === 0)) {
    throw new InvalidLoggingConfiguration('Invalid Logging Configuration: Must specify exactly one Log Destination.');
  }
  const [destination] = destinations;
  if (destination === undefined) return { level, includeExecutionData };
  const logGroupArn = destination.cloudWatchLogsLogGroup?.logGroupArn;
  if (logGroupArn === undefined || !LOG_GROUP_ARN.test(logGroupArn)) {
    throw new InvalidLoggingConfiguration(
      `Invalid Logging Configuration: Invalid CloudWatch Logs log group ARN: '${logGroupArn ?? 'null'}'`,
    );
  }
  return { level, includeExecutionData, destinations: [{ cloudWatchLogsLogGroup: { logGroupArn } }] };
}

/** Normalises tracing (`enabled: false` unless set). */
export function normaliseTracing(tracing: TracingConfiguration | undefined): StoredTracingConfiguration {
  return { enabled: tracing?.enabled ?? false };
}

/** Throws `InvalidEncryptionConfiguration` for customer-managed KMS keys, which statefold cannot use. */
export function assertSupportedEncryption(encryption: EncryptionConfiguration | undefined): void {
  if (encryption?.type === 'CUSTOMER_MANAGED_KMS_KEY') {
    throw new InvalidEncryptionConfiguration(
      'Invalid Encryption Configuration: statefold has no KMS; only AWS_OWNED_KEY is supported.',
    );
  }
}

/** Encryption as stored and described (absent when the request set none). */
export function normaliseEncryption(
  encryption: EncryptionConfiguration | undefined,
): { readonly type: 'AWS_OWNED_KEY' } | undefined {
  return encryption === undefined ? undefined : { type: 'AWS_OWNED_KEY' };
}

/** The stored logging of a state machine or version record (written by this module, so its shape is known). */
export function loggingOf(record: Pick<StateMachineRecord, 'loggingConfiguration'>): StoredLoggingConfiguration {
  return (
    (record.loggingConfiguration as StoredLoggingConfiguration | undefined) ?? {
      level: 'OFF',
      includeExecutionData: false,
    }
  );
}

/** The stored tracing of a state machine or version record. */
export function tracingOf(record: Pick<StateMachineRecord, 'tracingConfiguration'>): StoredTracingConfiguration {
  return (record.tracingConfiguration as StoredTracingConfiguration | undefined) ?? { enabled: false };
}

/** Tags as the store keeps them (key and value always present). */
export function normaliseTags(
  tags: readonly Tag[] | undefined,
): readonly { readonly key: string; readonly value: string }[] {
  return (tags ?? []).map((tag) => ({ key: tag.key ?? '', value: tag.value ?? '' }));
}
