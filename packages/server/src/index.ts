export { ACTION_INPUT_TYPES, ACTION_NAMES, isActionName } from './http/action-input-types.js';
export type { ActionName, MemberType, ScalarType, StructureType } from './http/action-input-types.js';
export { checkMemberTypes } from './http/check-member-types.js';
export { createServer } from './http/create-server.js';
export type { CreateServerOptions, StatefoldServer } from './http/create-server.js';
export { createConsoleLogger } from './http/logger.js';
export type { Logger } from './http/logger.js';
export {
  IncompleteSignatureException,
  InternalFailure,
  InvalidSignatureException,
  MissingAuthenticationTokenException,
  RequestEntityTooLargeException,
  SerializationException,
  UnknownOperationException,
  UnrecognizedClientException,
  httpStatusOf,
  toWireError,
} from './http/protocol-errors.js';
export { DEFAULT_MAX_BODY_BYTES, readBody } from './http/read-body.js';
export { findActionMethod, methodNameOf } from './http/service-api.js';
export type { ActionMethod, ActionOptions, ServiceApi } from './http/service-api.js';
export { MAX_REQUEST_JSON_DEPTH, parseRequestJson, toWireJson } from './http/wire-json.js';
export * from './lambda/index.js';
export { ConfigError, isHttpUrl, loadConfigFile, parseConfig } from './config/statefold-config.js';
export type { HttpConfig, LambdaConfig, LambdaFunctionConfig, StatefoldConfig } from './config/statefold-config.js';
export { createHttpTask, HTTP_INVOKE_RESOURCE } from './integrations/http-task.js';
export type { HttpConnection, HttpTaskOptions } from './integrations/http-task.js';
export { openService } from './cli/open-service.js';
export type { OpenedService, OpenServiceOptions } from './cli/open-service.js';
export { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './cli/exit-codes.js';
export { runCli } from './cli/run-cli.js';
export type { CliEnvironment } from './cli/run-cli.js';
export { DEFAULT_SERVE_OPTIONS, MAIN_HELP, SERVE_HELP, parseCommandLine } from './cli/serve-options.js';
export type { CliCommand, ServeEnvironment, ServeOptions, StoreKind } from './cli/serve-options.js';
export { createSigV4Verifier } from './http/sigv4-verifier.js';
export type { RequestVerifier, SigV4Credentials, SigV4VerifierOptions } from './http/sigv4-verifier.js';
export { createAwsServiceTask } from './integrations/aws-service-task.js';
export type { AwsServiceRoute } from './integrations/aws-service-task.js';
export { createServiceRoutes } from './integrations/service-routes.js';
export type { ServiceFunction, ServiceRouteConfig } from './config/services-config.js';
