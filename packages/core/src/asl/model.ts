import type { JsonObject, JsonValue } from '../data/index.js';
import type { TaskResourceInfo } from './task-resource.js';

// The parsed, validated form of an Amazon States Language definition. Field names stay as ASL
// spells them. `parseDefinition` fills in what ASL leaves implicit so that nobody downstream
// re-derives it: every state carries its effective `QueryLanguage`, Retry fields carry their
// defaults, the Map state's legacy `Iterator`/`Parameters` arrive as `ItemProcessor`/`ItemSelector`,
// and a Task carries how its `Resource` is run (`resourceInfo`, the one field ASL does not spell).
// A JSONata expression is kept as the `{% … %}` string it was written as, wherever it may appear.

/** The two query languages a definition or a single state may use. */
export type QueryLanguage = 'JSONPath' | 'JSONata';

/** Every ASL state type. */
export type StateType = 'Pass' | 'Task' | 'Choice' | 'Wait' | 'Succeed' | 'Fail' | 'Parallel' | 'Map';

/** A scope of states: the state machine itself, a Parallel branch, or a Map's ItemProcessor. */
export interface StateScope {
  readonly StartAt: string;
  readonly States: Readonly<Record<string, State>>;
  readonly Comment?: string;
  /** The effective language of this scope (inherited when the definition does not say). */
  readonly QueryLanguage: QueryLanguage;
}

/** A whole state machine definition after `parseDefinition`. Immutable. */
export interface StateMachineModel extends StateScope {
  readonly Version?: string;
  readonly TimeoutSeconds?: number;
}

interface StateBase<T extends StateType> {
  readonly Type: T;
  readonly Comment?: string;
  /** Effective language of this state: its own field, else its scope's. */
  readonly QueryLanguage: QueryLanguage;
}

/** `Next` xor `End` (validated), shared by every state that transitions. */
interface Transition {
  readonly Next?: string;
  readonly End?: boolean;
}

/** JSONPath-only input/output filters. `null` is meaningful (`{}` input / `{}` output). */
interface InputOutputPaths {
  readonly InputPath?: string | null;
  readonly OutputPath?: string | null;
}

/** Fields shared by states that produce a result and may run in either language. */
interface ResultHandling {
  readonly ResultPath?: string | null;
  readonly ResultSelector?: JsonObject;
  /** JSONata: the state's output (`$states.result` by default). */
  readonly Output?: JsonValue;
  readonly Assign?: JsonObject;
}

/** One Retry entry with ASL's defaults applied. */
export interface Retrier {
  readonly ErrorEquals: readonly string[];
  readonly IntervalSeconds: number;
  readonly MaxAttempts: number;
  readonly BackoffRate: number;
  readonly MaxDelaySeconds?: number;
  readonly JitterStrategy: 'FULL' | 'NONE';
  readonly Comment?: string;
}

/** One Catch entry. */
export interface Catcher {
  readonly ErrorEquals: readonly string[];
  readonly Next: string;
  readonly ResultPath?: string | null;
  readonly Output?: JsonValue;
  readonly Assign?: JsonObject;
  readonly Comment?: string;
}

interface ErrorHandling {
  readonly Retry?: readonly Retrier[];
  readonly Catch?: readonly Catcher[];
}

export interface PassState extends StateBase<'Pass'>, Transition, InputOutputPaths {
  readonly Parameters?: JsonValue;
  readonly Result?: JsonValue;
  readonly ResultPath?: string | null;
  readonly Output?: JsonValue;
  readonly Assign?: JsonObject;
}

export interface TaskState extends StateBase<'Task'>, Transition, InputOutputPaths, ResultHandling, ErrorHandling {
  readonly Resource: string;
  /** Not ASL: how statefold runs `Resource` (`classifyResource`); absent for one it cannot run. */
  readonly resourceInfo?: TaskResourceInfo;
  readonly Parameters?: JsonValue;
  /** JSONata: the task's arguments. */
  readonly Arguments?: JsonValue;
  /** A number, or (JSONata) a `{% … %}` expression. */
  readonly TimeoutSeconds?: number | string;
  readonly TimeoutSecondsPath?: string;
  readonly HeartbeatSeconds?: number | string;
  readonly HeartbeatSecondsPath?: string;
  readonly Credentials?: JsonObject;
}

/** The comparison operators of a Choice rule, in ASL's spelling. */
export type ComparisonOperator =
  | 'StringEquals'
  | 'StringEqualsPath'
  | 'StringLessThan'
  | 'StringLessThanPath'
  | 'StringGreaterThan'
  | 'StringGreaterThanPath'
  | 'StringLessThanEquals'
  | 'StringLessThanEqualsPath'
  | 'StringGreaterThanEquals'
  | 'StringGreaterThanEqualsPath'
  | 'StringMatches'
  | 'NumericEquals'
  | 'NumericEqualsPath'
  | 'NumericLessThan'
  | 'NumericLessThanPath'
  | 'NumericGreaterThan'
  | 'NumericGreaterThanPath'
  | 'NumericLessThanEquals'
  | 'NumericLessThanEqualsPath'
  | 'NumericGreaterThanEquals'
  | 'NumericGreaterThanEqualsPath'
  | 'BooleanEquals'
  | 'BooleanEqualsPath'
  | 'TimestampEquals'
  | 'TimestampEqualsPath'
  | 'TimestampLessThan'
  | 'TimestampLessThanPath'
  | 'TimestampGreaterThan'
  | 'TimestampGreaterThanPath'
  | 'TimestampLessThanEquals'
  | 'TimestampLessThanEqualsPath'
  | 'TimestampGreaterThanEquals'
  | 'TimestampGreaterThanEqualsPath'
  | 'IsNull'
  | 'IsPresent'
  | 'IsNumeric'
  | 'IsString'
  | 'IsBoolean'
  | 'IsTimestamp';

/**
 * A JSONPath Choice rule, normalised: ASL writes a comparison as `{ "Variable": …, "<Operator>": value }`;
 * the model names the operator. For a `…Path` operator `Value` is the path string.
 */
export type ChoiceRule =
  | { readonly kind: 'And'; readonly And: readonly ChoiceRule[] }
  | { readonly kind: 'Or'; readonly Or: readonly ChoiceRule[] }
  | { readonly kind: 'Not'; readonly Not: ChoiceRule }
  | {
      readonly kind: 'Comparison';
      readonly Variable: string;
      readonly Operator: ComparisonOperator;
      readonly Value: JsonValue;
    };

/** A JSONata Choice rule: its `Condition` is a `{% … %}` expression or a literal boolean. Never nested. */
export interface ConditionRule {
  readonly kind: 'Condition';
  readonly Condition: JsonValue;
}

/**
 * A rule at the top of `Choices`: it names the next state and may assign and shape output. A JSONPath
 * state's rules are all `ChoiceRule`s, a JSONata state's all `ConditionRule`s.
 */
export type TopLevelChoiceRule = (ChoiceRule | ConditionRule) & {
  readonly Next: string;
  readonly Comment?: string;
  readonly Assign?: JsonObject;
  readonly Output?: JsonValue;
};

export interface ChoiceState extends StateBase<'Choice'>, InputOutputPaths {
  readonly Choices: readonly TopLevelChoiceRule[];
  readonly Default?: string;
  readonly Output?: JsonValue;
  readonly Assign?: JsonObject;
}

export interface WaitState extends StateBase<'Wait'>, Transition, InputOutputPaths {
  /** A number, or (JSONata) a `{% … %}` expression. */
  readonly Seconds?: number | string;
  readonly Timestamp?: string;
  readonly SecondsPath?: string;
  readonly TimestampPath?: string;
  readonly Output?: JsonValue;
  readonly Assign?: JsonObject;
}

export interface SucceedState extends StateBase<'Succeed'>, InputOutputPaths {
  readonly Output?: JsonValue;
}

export interface FailState extends StateBase<'Fail'> {
  readonly Error?: string;
  readonly Cause?: string;
  readonly ErrorPath?: string;
  readonly CausePath?: string;
}

export interface ParallelState
  extends StateBase<'Parallel'>,
    Transition,
    InputOutputPaths,
    ResultHandling,
    ErrorHandling {
  readonly Branches: readonly StateScope[];
  readonly Parameters?: JsonValue;
  readonly Arguments?: JsonValue;
}

/** A Map's processor: a scope, and how it runs (inline unless DISTRIBUTED). */
export interface ItemProcessor extends StateScope {
  readonly ProcessorConfig: {
    readonly Mode: 'INLINE' | 'DISTRIBUTED';
    readonly ExecutionType?: 'STANDARD' | 'EXPRESS';
  };
}

export interface MapState extends StateBase<'Map'>, Transition, InputOutputPaths, ResultHandling, ErrorHandling {
  /** `ItemProcessor`, or the legacy `Iterator` as an INLINE processor. */
  readonly ItemProcessor: ItemProcessor;
  readonly ItemsPath?: string;
  /** JSONata: the items (an array, or an expression that yields one). */
  readonly Items?: JsonValue;
  /** `ItemSelector`, or the legacy `Parameters`. */
  readonly ItemSelector?: JsonValue;
  readonly MaxConcurrency?: number | string;
  readonly MaxConcurrencyPath?: string;
  readonly ToleratedFailureCount?: number | string;
  readonly ToleratedFailureCountPath?: string;
  readonly ToleratedFailurePercentage?: number | string;
  readonly ToleratedFailurePercentagePath?: string;
  readonly ItemReader?: JsonObject;
  readonly ItemBatcher?: JsonObject;
  readonly ResultWriter?: JsonObject;
  readonly Label?: string;
}

/** Any state of a definition, discriminated by ASL's `Type`. */
export type State =
  | PassState
  | TaskState
  | ChoiceState
  | WaitState
  | SucceedState
  | FailState
  | ParallelState
  | MapState;

/** The state of a given type. */
export type StateOfType<T extends StateType> = Extract<State, { readonly Type: T }>;
