import type { ChoiceState, TopLevelChoiceRule } from '../../asl/index.js';
import {
  applyInputPath,
  applyOutputPath,
  describeStateFailure,
  unexpectedResultType,
  type AssignSource,
  type JsonValue,
} from '../../data/index.js';
import { StatesFailure } from '../../errors/index.js';
import { assignedVariables, evaluateField, jsonataOutput } from '../data-flow.js';
import { inspect } from '../inspection.js';
import { chooseNext } from '../../choice/index.js';
import { emitEntered, exitState, guardState, isSerializedOutput, serializeOutput } from '../state-flow.js';
import type { Macrostep, Work } from '../macrostep.js';

/** Choice: enters, picks the first matching rule (or Default), leaves towards it with its input. */
export function runChoice(
  macrostep: Macrostep,
  threadId: string,
  definition: ChoiceState,
  name: string,
  input: string,
): Work | undefined {
  emitEntered(macrostep, threadId, definition, name, input);
  return guardState(macrostep, threadId, definition, () => {
    const dataContext = macrostep.dataContext(threadId);
    if (definition.QueryLanguage === 'JSONata')
      return leaveJsonataChoice(macrostep, threadId, definition, JSON.parse(input) as JsonValue);
    const effective = applyInputPath(definition.InputPath, JSON.parse(input) as JsonValue, dataContext);
    inspect(macrostep, threadId, { afterInputPath: effective });
    const { next, ruleIndex } = chooseNext(definition, effective, dataContext);
    const rule = ruleIndex === undefined ? undefined : definition.Choices[ruleIndex];
    // JSONPath Assign reads the effective input; the state's Assign applies whichever rule matched, the rule's on top.
    const assigned = choiceAssign(macrostep, threadId, definition, rule, ruleIndex, {
      value: effective,
      states: { input: effective },
    });
    // Without InputPath and OutputPath a Choice outputs its input: when that is text this
    // macrostep serialized, serializing the parsed value again would give the same text.
    const passesThrough =
      definition.InputPath === undefined && definition.OutputPath === undefined && isSerializedOutput(macrostep, input);
    const output = passesThrough
      ? input
      : serializeOutput(macrostep, threadId, applyOutputPath(definition.OutputPath, effective, dataContext));
    return exitState(macrostep, threadId, definition, output, next, undefined, assigned);
  });
}

/** JSONata: the first rule whose `Condition` is true (or the Default); its Assign and Output apply. */
function leaveJsonataChoice(
  macrostep: Macrostep,
  threadId: string,
  definition: ChoiceState,
  input: JsonValue,
): Work | undefined {
  const states = { input };
  for (const [ruleIndex, rule] of definition.Choices.entries()) {
    if (rule.kind !== 'Condition') continue;
    const field = `Choices[${ruleIndex}]/Condition`;
    const matched = evaluateField(macrostep, threadId, rule.Condition, field, states);
    if (typeof matched !== 'boolean')
      throw unexpectedResultType(macrostep.dataContext(threadId), field, rule.Condition, 'boolean', matched);
    if (!matched) continue;
    const assigned = choiceAssign(macrostep, threadId, definition, rule, ruleIndex, { value: input, states });
    const output =
      rule.Output !== undefined
        ? evaluateField(macrostep, threadId, rule.Output, `Choices[${ruleIndex}]/Output`, states)
        : jsonataOutput(macrostep, threadId, definition.Output, states, input);
    return exitState(
      macrostep,
      threadId,
      definition,
      serializeOutput(macrostep, threadId, output),
      rule.Next,
      undefined,
      assigned,
    );
  }
  if (definition.Default === undefined)
    throw new StatesFailure(
      'States.NoChoiceMatched',
      describeStateFailure(macrostep.dataContext(threadId), 'No Matches!'),
    );
  const assigned = assignedVariables(macrostep, threadId, definition, definition.Assign, { value: input, states });
  const output = jsonataOutput(macrostep, threadId, definition.Output, states, input);
  return exitState(
    macrostep,
    threadId,
    definition,
    serializeOutput(macrostep, threadId, output),
    definition.Default,
    undefined,
    assigned,
  );
}

/** The state's `Assign` and the matched rule's (evaluated alike, the rule's winning on a shared name). */
function choiceAssign(
  macrostep: Macrostep,
  threadId: string,
  definition: ChoiceState,
  rule: TopLevelChoiceRule | undefined,
  ruleIndex: number | undefined,
  source: AssignSource,
): Readonly<Record<string, string>> | undefined {
  const own = assignedVariables(macrostep, threadId, definition, definition.Assign, source);
  const ruled =
    rule === undefined
      ? undefined
      : assignedVariables(macrostep, threadId, definition, rule.Assign, source, `Choices[${ruleIndex ?? 0}]/Assign`);
  if (own === undefined) return ruled;
  return ruled === undefined ? own : { ...own, ...ruled };
}
