import { isJsonObject } from '../data/index.js';
import { memberLocation, type ProblemList } from './definition-problem.js';
import { FieldReader } from './field-reader.js';
import { checkKnownFields, checkRequiredFields } from './field-rules.js';
import { optional } from './optional-field.js';
import { readState } from './validate-state.js';
import { checkTransitions } from './validate-transitions.js';
import type { ScopeReader } from './state-context.js';
import type { QueryLanguage, State, StateScope } from './model.js';

// AWS: a state name is 1 to 80 characters long.
const MAX_STATE_NAME_LENGTH = 80;
const SCOPE_FIELDS = ['StartAt', 'States', 'Comment'];
const PROCESSOR_FIELDS = [...SCOPE_FIELDS, 'ProcessorConfig'];

/** What every scope of one definition shares while it is read. */
export interface DefinitionWalk {
  readonly problems: ProblemList;
  readonly machineLanguage: QueryLanguage;
  /** State names seen so far: AWS requires them unique across the whole definition. */
  readonly stateNames: Set<string>;
}

/** A scope reader for nested scopes (Parallel branches, Map processors) of one definition. */
export function createScopeReader(walk: DefinitionWalk): ScopeReader {
  const readNested: ScopeReader = (raw, location, language, isItemProcessor) => {
    if (!isJsonObject(raw)) {
      walk.problems.schema('The value must be a JSON object with the fields StartAt and States', location);
      return undefined;
    }
    const reader = new FieldReader(raw, location, walk.problems);
    checkKnownFields(raw, isItemProcessor ? PROCESSOR_FIELDS : SCOPE_FIELDS, location, walk.problems);
    return readScopeBody(reader, language, walk, readNested);
  };
  return readNested;
}

/**
 * Reads `StartAt`, `Comment` and `States` of a scope whose other fields the caller has checked,
 * reads every state (recursing into nested scopes), and checks the scope's transitions.
 */
export function readScopeBody(
  reader: FieldReader,
  language: QueryLanguage,
  walk: DefinitionWalk,
  readNested: ScopeReader,
): StateScope | undefined {
  checkRequiredFields(reader.raw, ['StartAt', 'States'], reader.location, reader.problems);
  const startAt = reader.string('StartAt');
  const rawStates = reader.object('States');
  if (rawStates === undefined) return undefined;
  if (Object.keys(rawStates).length === 0) return reader.invalid('States', 'a non-empty JSON object');
  const statesLocation = reader.at('States');
  const states = new Map<string, State>();
  const surroundings = {
    problems: walk.problems,
    machineLanguage: walk.machineLanguage,
    scopeLanguage: language,
    readScope: readNested,
  };
  for (const [name, rawState] of Object.entries(rawStates)) {
    const location = memberLocation(statesLocation, name);
    checkStateName(name, location, walk);
    const state = readState(rawState, location, surroundings);
    if (state !== undefined) states.set(name, state);
  }
  checkTransitions(startAt, Object.keys(rawStates), states, reader.location, walk.problems);
  if (startAt === undefined) return undefined;
  return {
    StartAt: startAt,
    States: Object.fromEntries(states),
    QueryLanguage: language,
    ...optional('Comment', reader.string('Comment')),
  };
}

function checkStateName(name: string, location: string, walk: DefinitionWalk): void {
  if (name.length < 1 || name.length > MAX_STATE_NAME_LENGTH) {
    walk.problems.add(
      'INVALID_STATE_NAME',
      `State name must be between 1 and ${MAX_STATE_NAME_LENGTH} characters long: "${name}"`,
      location,
    );
  }
  if (walk.stateNames.has(name)) {
    walk.problems.add('DUPLICATE_STATE_NAME', `Duplicate State name: ${name}`, location);
  }
  walk.stateNames.add(name);
}
