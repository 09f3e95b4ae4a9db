/**
 * How Step Functions names AWS services: the `@aws-sdk/client-*` package that calls each, the
 * prefix of its error names, and the service label in its error causes.
 */

/** A service call named by a Task's `Resource`. */
export interface AwsServiceCall {
  /** The service as the resource spells it (`sqs`, `dynamodb`, `s3` …). */
  readonly service: string;
  /** The API action in camelCase, as the resource spells it (`sendMessage`). */
  readonly action: string;
  /** True for `arn:aws:states:::aws-sdk:…`; false for an optimized integration. */
  readonly sdk: boolean;
  /** `waitForTaskToken`, `sync`, `sync:2`, or undefined for request-response. */
  readonly pattern: string | undefined;
}

const OPTIMIZED = /^arn:aws[a-z-]*:states:::(sqs|dynamodb|sns|events):([A-Za-z0-9]+)(?:\.(.+))?$/;
const AWS_SDK = /^arn:aws[a-z-]*:states:::aws-sdk:([a-z0-9-]+):([A-Za-z0-9]+)(?:\.(.+))?$/;

/** The actions of the optimized integrations statefold runs, by service. */
export const OPTIMIZED_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  sqs: ['sendMessage'],
  dynamodb: ['putItem', 'getItem', 'updateItem', 'deleteItem'],
  sns: ['publish'],
  events: ['putEvents'],
};

/** Parses an optimized (`sqs`, `dynamodb`, `sns`, `events`) or `aws-sdk:` resource; undefined for any other. */
export function parseAwsServiceResource(resource: string): AwsServiceCall | undefined {
  const sdk = AWS_SDK.exec(resource);
  const match = sdk ?? OPTIMIZED.exec(resource);
  if (match === null) return undefined;
  const [, service = '', action = '', pattern] = match;
  return { service, action, sdk: sdk !== null, pattern };
}

// Where the package is not `@aws-sdk/client-<service>`.
const PACKAGES: Readonly<Record<string, string>> = {
  events: 'eventbridge',
  secretsmanager: 'secrets-manager',
  cloudwatchlogs: 'cloudwatch-logs',
  apigateway: 'api-gateway',
  elasticloadbalancingv2: 'elastic-load-balancing-v2',
  acmpca: 'acm-pca',
  codebuild: 'codebuild',
  sfn: 'sfn',
};

/** The npm package whose client calls `service`. */
export function clientPackage(service: string): string {
  return `@aws-sdk/client-${PACKAGES[service] ?? service}`;
}

// Error prefixes of the optimized integrations, and the service label AWS's causes carry.
const OPTIMIZED_NAMES: Readonly<Record<string, { readonly prefix: string; readonly label: string }>> = {
  sqs: { prefix: 'SQS', label: 'AmazonSQS' },
  dynamodb: { prefix: 'DynamoDB', label: 'AmazonDynamoDBv2' },
  sns: { prefix: 'SNS', label: 'AmazonSNS' },
  events: { prefix: 'EventBridge', label: 'AmazonEventBridge' },
};

// The PascalCase service names of `aws-sdk:` error names where capitalising the first letter is not it.
const SDK_PREFIXES: Readonly<Record<string, string>> = {
  dynamodb: 'DynamoDb',
  secretsmanager: 'SecretsManager',
  acmpca: 'AcmPca',
  eventbridge: 'EventBridge',
  cloudwatch: 'CloudWatch',
  cloudwatchlogs: 'CloudWatchLogs',
  apigateway: 'ApiGateway',
  codebuild: 'CodeBuild',
  stepfunctions: 'Sfn',
};

/**
 * The error name for a service's error code: `SQS.QueueDoesNotExistException` for an optimized
 * integration, `<ServiceName>.<Code>Exception` in PascalCase for `aws-sdk:` (AWS adds the
 * `Exception` suffix where the service's own code lacks it, e.g. `S3.NoSuchKeyException`).
 */
export function serviceErrorName(call: AwsServiceCall, code: string): string {
  const suffixed = code.endsWith('Exception') ? code : `${code}Exception`;
  return `${errorPrefix(call)}.${suffixed}`;
}

function errorPrefix(call: AwsServiceCall): string {
  if (!call.sdk) return OPTIMIZED_NAMES[call.service]?.prefix ?? call.service;
  return SDK_PREFIXES[call.service] ?? `${call.service.charAt(0).toUpperCase()}${call.service.slice(1)}`;
}

/** The service label in an error cause (`Service: AmazonSQS`). */
export function serviceLabel(call: AwsServiceCall): string {
  return call.sdk ? errorPrefix(call) : (OPTIMIZED_NAMES[call.service]?.label ?? call.service);
}
