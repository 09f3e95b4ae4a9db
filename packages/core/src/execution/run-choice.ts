import type { ChoiceState, TopLevelChoiceRule } from '../asl/index.js';
import {
  applyInputPath,
  applyOutputPath,
  describeStateFailure,
  unexpectedResultType,
  type AssignSource,
  type JsonValue,
} from '../data/index.js';
import { StatesFailure } from '../errors/index.js';
import { assignedVariables, evaluateField, jsonataOutput } from './data-flow.js';
import { chooseNext } from '../choice/index.js';
import { emitEntered, exitState, guardState, isSerializedOutput, serializeOutput } from './state-flow.js';
import type { Stepper, Work } from './stepper.js';

/** Choice: enters, picks the first matching rule (or Default), leaves towards it with its input. */
export function runChoice(
  s: Stepper,
  threadId: string,
  def: ChoiceState,
  name: string,
  input: string,
): Work | undefined {
  emitEntered(s, threadId, def, name, input);
  return guardState(s, threadId, def, () => {
    const dc = s.dataContext(threadId);
    if (def.QueryLanguage === 'JSONata') return leaveJsonataChoice(s, threadId, def, JSON.parse(input) as JsonValue);
    const effective = applyInputPath(def.InputPath, JSON.parse(input) as JsonValue, dc);
    const { next, ruleIndex } = chooseNext(def, effective, dc);
    const rule = ruleIndex === undefined ? undefined : def.Choices[ruleIndex];
    // JSONPath Assign reads the effective input; the state's Assign applies whichever rule matched, the rule's on top.
    const assigned = choiceAssign(s, threadId, def, rule, ruleIndex, {
      value: effective,
      states: { input: effective },
    });
    // Without InputPath and OutputPath a Choice outputs its input: when that is text this
    // macrostep serialized, serializing the parsed value again would give the same text.
    const passesThrough = def.InputPath === undefined && def.OutputPath === undefined && isSerializedOutput(s, input);
    const output = passesThrough ? input : serializeOutput(s, threadId, applyOutputPath(def.OutputPath, effective, dc));
    return exitState(s, threadId, def, output, next, undefined, assigned);
  });
}

/** JSONata: the first rule whose `Condition` is true (or the Default); its Assign and Output apply. */
function leaveJsonataChoice(s: Stepper, threadId: string, def: ChoiceState, input: JsonValue): Work | undefined {
  const states = { input };
  for (const [ruleIndex, rule] of def.Choices.entries()) {
    if (rule.kind !== 'Condition') continue;
    const field = `Choices[${ruleIndex}]/Condition`;
    const matched = evaluateField(s, threadId, rule.Condition, field, states);
    if (typeof matched !== 'boolean')
      throw unexpectedResultType(s.dataContext(threadId), field, rule.Condition, 'boolean', matched);
    if (!matched) continue;
    const assigned = choiceAssign(s, threadId, def, rule, ruleIndex, { value: input, states });
    const output =
      rule.Output !== undefined
        ? evaluateField(s, threadId, rule.Output, `Choices[${ruleIndex}]/Output`, states)
        : jsonataOutput(s, threadId, def.Output, states, input);
    return exitState(s, threadId, def, serializeOutput(s, threadId, output), rule.Next, undefined, assigned);
  }
  if (def.Default === undefined)
    throw new StatesFailure('States.NoChoiceMatched', describeStateFailure(s.dataContext(threadId), 'No Matches!'));
  const assigned = assignedVariables(s, threadId, def, def.Assign, { value: input, states });
  const output = jsonataOutput(s, threadId, def.Output, states, input);
  return exitState(s, threadId, def, serializeOutput(s, threadId, output), def.Default, undefined, assigned);
}

/** The state's `Assign` and the matched rule's (evaluated alike, the rule's winning on a shared name). */
function choiceAssign(
  s: Stepper,
  threadId: string,
  def: ChoiceState,
  rule: TopLevelChoiceRule | undefined,
  ruleIndex: number | undefined,
  source: AssignSource,
): Readonly<Record<string, string>> | undefined {
  const own = assignedVariables(s, threadId, def, def.Assign, source);
  const ruled =
    rule === undefined
      ? undefined
      : assignedVariables(s, threadId, def, rule.Assign, source, `Choices[${ruleIndex ?? 0}]/Assign`);
  if (own === undefined) return ruled;
  return ruled === undefined ? own : { ...own, ...ruled };
}
