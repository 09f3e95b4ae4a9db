import type { ChoiceState } from '../asl/index.js';
import { StatesFailure } from '../errors/index.js';
import { describeStateFailure, type DataContext, type JsonValue } from '../data/index.js';
import { evaluateChoiceRule } from './evaluate-choice-rule.js';

/** Where a Choice state goes: the matched rule's `Next` and its index, or the `Default` (no index). */
export interface ChoiceOutcome {
  readonly next: string;
  readonly ruleIndex?: number;
}

/**
 * Picks a JSONPath Choice state's next state: the first rule (in order) that matches `input`, else
 * the `Default`. Pure. Throws `StatesFailure('States.NoChoiceMatched', …)` when nothing matches and
 * there is no Default, and whatever `evaluateChoiceRule` throws.
 */
export function chooseNext(state: ChoiceState, input: JsonValue, dataContext: DataContext): ChoiceOutcome {
  for (const [ruleIndex, rule] of state.Choices.entries()) {
    // Condition rules are a JSONata state's only rules (parseDefinition sees to it), and a JSONata
    // Choice evaluates them with the JSONata runtime instead (execution/states/choice.ts).
    if (rule.kind !== 'Condition' && evaluateChoiceRule(rule, input, dataContext))
      return { next: rule.Next, ruleIndex };
  }
  if (state.Default !== undefined) return { next: state.Default };
  throw new StatesFailure('States.NoChoiceMatched', describeStateFailure(dataContext, 'No Matches!'));
}
