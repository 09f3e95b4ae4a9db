export { ACTION_INPUT_TYPES, ACTION_NAMES, isActionName } from './action-input-types.js';
export type { ActionName, MemberType, ScalarType, StructureType } from './action-input-types.js';
export { checkMemberTypes } from './check-member-types.js';
export { createServer } from './create-server.js';
export type { CreateServerOptions, StatefoldServer } from './create-server.js';
export { createConsoleLogger } from './logger.js';
export type { Logger } from './logger.js';
export {
  InternalFailure,
  RequestEntityTooLargeException,
  SerializationException,
  UnknownOperationException,
  httpStatusOf,
  toWireError,
} from './protocol-errors.js';
export { DEFAULT_MAX_BODY_BYTES, readBody } from './read-body.js';
export { findActionMethod, methodNameOf } from './service-api.js';
export type { ActionMethod, ActionOptions, ServiceApi } from './service-api.js';
export { MAX_REQUEST_JSON_DEPTH, parseRequestJson, toWireJson } from './wire-json.js';
export * from './lambda/index.js';
