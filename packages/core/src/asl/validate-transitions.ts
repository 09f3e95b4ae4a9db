import { elementLocation, memberLocation, type ProblemList } from './definition-problem.js';
import { choiceNextLocation } from './validate-choice.js';
import type { State } from './model.js';

/** One edge of a scope's graph: a state name some field points at, and where that field is. */
interface Transition {
  readonly target: string;
  readonly location: string;
}

/**
 * Checks one scope's graph (the machine, a Parallel branch, a Map processor): `StartAt` and every
 * `Next`, `Default` and Catch `Next` name a state of this same scope, the scope has a terminal
 * state, and every state is reachable from `StartAt`. AWS reports a dangling target as
 * `Missing 'Next' target` whatever the field, and an unreachable state under the same code;
 * a scope without a terminal state gets `MISSING_END_STATE` instead of the reachability walk.
 * `names` lists every state of the scope, `states` those whose model could be built.
 */
export function checkTransitions(
  startAt: string | undefined,
  names: readonly string[],
  states: ReadonlyMap<string, State>,
  scopeLocation: string,
  problems: ProblemList,
): void {
  const statesLocation = memberLocation(scopeLocation, 'States');
  const edges = new Map<string, readonly Transition[]>();
  for (const [name, state] of states) edges.set(name, transitionsOf(state, memberLocation(statesLocation, name)));
  const startLocation = memberLocation(scopeLocation, 'StartAt');
  const dangling = [
    ...(startAt === undefined ? [] : [{ target: startAt, location: startLocation }]),
    ...[...edges.values()].flat(),
  ].filter(({ target }) => target !== '' && !names.includes(target));
  for (const { target, location } of dangling) {
    problems.add('MISSING_TRANSITION_TARGET', `Missing 'Next' target: ${target}`, location);
  }
  // A state too broken to read has unknown transitions: the graph cannot be judged.
  if (states.size === 0 || states.size < names.length) return;
  if (![...states.values()].some(isTerminal)) {
    problems.add('MISSING_END_STATE', 'Workflow has no terminal state');
    return;
  }
  const reached = reachableFrom(startAt, edges);
  for (const name of states.keys()) {
    if (!reached.has(name)) {
      problems.add(
        'MISSING_TRANSITION_TARGET',
        `State "${name}" is not reachable.`,
        memberLocation(statesLocation, name),
      );
    }
  }
}

function isTerminal(state: State): boolean {
  if (state.Type === 'Succeed' || state.Type === 'Fail') return true;
  return state.Type !== 'Choice' && state.End === true;
}

function transitionsOf(state: State, location: string): Transition[] {
  const transitions: Transition[] = [];
  if (state.Type === 'Choice') {
    state.Choices.forEach((rule, index) =>
      transitions.push({ target: rule.Next, location: choiceNextLocation(location, index) }),
    );
    if (state.Default !== undefined)
      transitions.push({ target: state.Default, location: memberLocation(location, 'Default') });
    return transitions;
  }
  if (state.Type === 'Succeed' || state.Type === 'Fail') return transitions;
  if (state.Next !== undefined) transitions.push({ target: state.Next, location: memberLocation(location, 'Next') });
  if (state.Type === 'Task' || state.Type === 'Parallel' || state.Type === 'Map') {
    state.Catch?.forEach((catcher, index) =>
      transitions.push({
        target: catcher.Next,
        location: memberLocation(elementLocation(memberLocation(location, 'Catch'), index), 'Next'),
      }),
    );
  }
  return transitions;
}

function reachableFrom(startAt: string | undefined, edges: ReadonlyMap<string, readonly Transition[]>): Set<string> {
  const reached = new Set<string>();
  const pending = startAt !== undefined && edges.has(startAt) ? [startAt] : [];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (reached.has(name)) continue;
    reached.add(name);
    for (const { target } of edges.get(name) ?? []) {
      if (edges.has(target) && !reached.has(target)) pending.push(target);
    }
  }
  return reached;
}
