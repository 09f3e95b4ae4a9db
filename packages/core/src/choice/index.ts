export { chooseNext, type ChoiceOutcome } from './choose-next.js';
export { evaluateChoiceRule } from './evaluate-choice-rule.js';
export { COMPARISON_OPERATORS, type Comparator, type OperatorSpec } from './comparison-operators.js';
export { matchesWildcardPattern } from './string-matches.js';
