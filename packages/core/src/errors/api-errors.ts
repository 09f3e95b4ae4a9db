import { StepFunctionsError } from './step-functions-error.js';

// One class per AWS error code. The message is AWS's; context a caller may need is a typed field.

/** AWS error `ActivityAlreadyExists`. */
export class ActivityAlreadyExists extends StepFunctionsError<'ActivityAlreadyExists'> {
  constructor(message: string) {
    super('ActivityAlreadyExists', message);
  }
}

/** AWS error `ActivityDoesNotExist`. */
export class ActivityDoesNotExist extends StepFunctionsError<'ActivityDoesNotExist'> {
  constructor(
    readonly activityArn: string,
    message = `Activity Does Not Exist: '${activityArn}'`,
  ) {
    super('ActivityDoesNotExist', message);
  }
}

/** AWS error `ActivityLimitExceeded`. */
export class ActivityLimitExceeded extends StepFunctionsError<'ActivityLimitExceeded'> {
  constructor(message: string) {
    super('ActivityLimitExceeded', message);
  }
}

/** AWS error `ActivityWorkerLimitExceeded`. */
export class ActivityWorkerLimitExceeded extends StepFunctionsError<'ActivityWorkerLimitExceeded'> {
  constructor(message: string) {
    super('ActivityWorkerLimitExceeded', message);
  }
}

/** AWS error `InvalidEncryptionConfiguration`. */
export class InvalidEncryptionConfiguration extends StepFunctionsError<'InvalidEncryptionConfiguration'> {
  constructor(message: string) {
    super('InvalidEncryptionConfiguration', message);
  }
}

/** AWS error `InvalidName`. */
export class InvalidName extends StepFunctionsError<'InvalidName'> {
  constructor(
    readonly invalidName: string,
    message = `Invalid Name: '${invalidName}'`,
  ) {
    super('InvalidName', message);
  }
}

/** AWS error `KmsAccessDeniedException`. */
export class KmsAccessDeniedException extends StepFunctionsError<'KmsAccessDeniedException'> {
  constructor(message: string) {
    super('KmsAccessDeniedException', message);
  }
}

/** AWS error `KmsThrottlingException`. */
export class KmsThrottlingException extends StepFunctionsError<'KmsThrottlingException'> {
  constructor(message: string) {
    super('KmsThrottlingException', message);
  }
}

/** AWS error `TooManyTags`. */
export class TooManyTags extends StepFunctionsError<'TooManyTags'> {
  constructor(message: string) {
    super('TooManyTags', message);
  }
}

/** AWS error `ConflictException`. */
export class ConflictException extends StepFunctionsError<'ConflictException'> {
  constructor(message: string) {
    super('ConflictException', message);
  }
}

/** AWS error `InvalidArn`. */
export class InvalidArn extends StepFunctionsError<'InvalidArn'> {
  constructor(message: string) {
    super('InvalidArn', message);
  }
}

/**
 * AWS error `InvalidDefinition`. `problems` lists every problem found, each already in AWS's
 * `CODE: message at /path` form; the message joins them as AWS does.
 */
export class InvalidDefinition extends StepFunctionsError<'InvalidDefinition'> {
  constructor(readonly problems: readonly string[]) {
    super('InvalidDefinition', `Invalid State Machine Definition: '${problems.join(', ')}'`);
  }
}

/** AWS error `InvalidLoggingConfiguration`. */
export class InvalidLoggingConfiguration extends StepFunctionsError<'InvalidLoggingConfiguration'> {
  constructor(message: string) {
    super('InvalidLoggingConfiguration', message);
  }
}

/** AWS error `InvalidTracingConfiguration`. */
export class InvalidTracingConfiguration extends StepFunctionsError<'InvalidTracingConfiguration'> {
  constructor(message: string) {
    super('InvalidTracingConfiguration', message);
  }
}

/** AWS error `StateMachineAlreadyExists`. */
export class StateMachineAlreadyExists extends StepFunctionsError<'StateMachineAlreadyExists'> {
  constructor(
    readonly stateMachineArn: string,
    message = `State Machine Already Exists: '${stateMachineArn}'`,
  ) {
    super('StateMachineAlreadyExists', message);
  }
}

/** AWS error `StateMachineDeleting`. */
export class StateMachineDeleting extends StepFunctionsError<'StateMachineDeleting'> {
  constructor(message: string) {
    super('StateMachineDeleting', message);
  }
}

/** AWS error `StateMachineLimitExceeded`. */
export class StateMachineLimitExceeded extends StepFunctionsError<'StateMachineLimitExceeded'> {
  constructor(message: string) {
    super('StateMachineLimitExceeded', message);
  }
}

/** AWS error `StateMachineTypeNotSupported`. */
export class StateMachineTypeNotSupported extends StepFunctionsError<'StateMachineTypeNotSupported'> {
  constructor(message: string) {
    super('StateMachineTypeNotSupported', message);
  }
}

/** Why a request failed validation, when AWS says (the `reason` member of `ValidationException`). */
export type ValidationExceptionReason =
  | 'API_DOES_NOT_SUPPORT_LABELED_ARNS'
  | 'MISSING_REQUIRED_PARAMETER'
  | 'CANNOT_UPDATE_COMPLETED_MAP_RUN'
  | 'INVALID_ROUTING_CONFIGURATION';

/** AWS error `ValidationException`, with the `reason` AWS gives for some failures. */
export class ValidationException extends StepFunctionsError<'ValidationException'> {
  constructor(
    message: string,
    readonly reason?: ValidationExceptionReason,
  ) {
    super('ValidationException', message);
  }
}

/** AWS error `ResourceNotFound`. */
export class ResourceNotFound extends StepFunctionsError<'ResourceNotFound'> {
  constructor(message: string) {
    super('ResourceNotFound', message);
  }
}

/** AWS error `ServiceQuotaExceededException`. */
export class ServiceQuotaExceededException extends StepFunctionsError<'ServiceQuotaExceededException'> {
  constructor(message: string) {
    super('ServiceQuotaExceededException', message);
  }
}

/** AWS error `ExecutionDoesNotExist`. */
export class ExecutionDoesNotExist extends StepFunctionsError<'ExecutionDoesNotExist'> {
  constructor(
    readonly executionArn: string,
    message = `Execution Does Not Exist: '${executionArn}'`,
  ) {
    super('ExecutionDoesNotExist', message);
  }
}

/** AWS error `KmsInvalidStateException`. */
export class KmsInvalidStateException extends StepFunctionsError<'KmsInvalidStateException'> {
  constructor(message: string) {
    super('KmsInvalidStateException', message);
  }
}

/** AWS error `StateMachineDoesNotExist`. */
export class StateMachineDoesNotExist extends StepFunctionsError<'StateMachineDoesNotExist'> {
  constructor(
    readonly stateMachineArn: string,
    message = `State Machine Does Not Exist: '${stateMachineArn}'`,
  ) {
    super('StateMachineDoesNotExist', message);
  }
}

/** AWS error `InvalidToken`. */
export class InvalidToken extends StepFunctionsError<'InvalidToken'> {
  constructor(message: string, options?: ErrorOptions) {
    super('InvalidToken', message, options);
  }
}

/** AWS error `ExecutionLimitExceeded`. */
export class ExecutionLimitExceeded extends StepFunctionsError<'ExecutionLimitExceeded'> {
  constructor(message: string) {
    super('ExecutionLimitExceeded', message);
  }
}

/** AWS error `ExecutionNotRedrivable`. */
export class ExecutionNotRedrivable extends StepFunctionsError<'ExecutionNotRedrivable'> {
  constructor(message: string) {
    super('ExecutionNotRedrivable', message);
  }
}

/** AWS error `TaskDoesNotExist`. */
export class TaskDoesNotExist extends StepFunctionsError<'TaskDoesNotExist'> {
  constructor(message: string) {
    super('TaskDoesNotExist', message);
  }
}

/** AWS error `TaskTimedOut`. */
export class TaskTimedOut extends StepFunctionsError<'TaskTimedOut'> {
  constructor(message: string) {
    super('TaskTimedOut', message);
  }
}

/** AWS error `InvalidOutput`. */
export class InvalidOutput extends StepFunctionsError<'InvalidOutput'> {
  constructor(message: string) {
    super('InvalidOutput', message);
  }
}

/** AWS error `ExecutionAlreadyExists`. */
export class ExecutionAlreadyExists extends StepFunctionsError<'ExecutionAlreadyExists'> {
  constructor(
    readonly executionArn: string,
    message = `Execution Already Exists: '${executionArn}'`,
  ) {
    super('ExecutionAlreadyExists', message);
  }
}

/** AWS error `InvalidExecutionInput`. */
export class InvalidExecutionInput extends StepFunctionsError<'InvalidExecutionInput'> {
  constructor(message: string) {
    super('InvalidExecutionInput', message);
  }
}

/** AWS error `MissingRequiredParameter`. */
export class MissingRequiredParameter extends StepFunctionsError<'MissingRequiredParameter'> {
  constructor(message: string) {
    super('MissingRequiredParameter', message);
  }
}
