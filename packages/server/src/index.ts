export { ACTION_INPUT_TYPES, ACTION_NAMES, isActionName } from './action-input-types.js';
export type { ActionName, MemberType, ScalarType, StructureType } from './action-input-types.js';
export { checkMemberTypes } from './check-member-types.js';
export { createServer } from './create-server.js';
export type { CreateServerOptions, StatefoldServer } from './create-server.js';
export { createConsoleLogger } from './logger.js';
export type { Logger } from './logger.js';
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
} from './protocol-errors.js';
export { DEFAULT_MAX_BODY_BYTES, readBody } from './read-body.js';
export { findActionMethod, methodNameOf } from './service-api.js';
export type { ActionMethod, ActionOptions, ServiceApi } from './service-api.js';
export { MAX_REQUEST_JSON_DEPTH, parseRequestJson, toWireJson } from './wire-json.js';
export * from './lambda/index.js';
export { ConfigError, isHttpUrl, loadConfigFile, parseConfig } from './config/statefold-config.js';
export type { LambdaConfig, LambdaFunctionConfig, StatefoldConfig } from './config/statefold-config.js';
export { openService } from './open-service.js';
export type { OpenedService, OpenServiceOptions } from './open-service.js';
export { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, runCli } from './run-cli.js';
export type { CliEnvironment } from './run-cli.js';
export { DEFAULT_SERVE_OPTIONS, MAIN_HELP, SERVE_HELP, parseCommandLine } from './serve-options.js';
export type { CliCommand, ServeEnvironment, ServeOptions, StoreKind } from './serve-options.js';
export { createSigV4Verifier } from './sigv4-verifier.js';
export type { RequestVerifier, SigV4Credentials, SigV4VerifierOptions } from './sigv4-verifier.js';
