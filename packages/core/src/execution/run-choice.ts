import type { ChoiceState } from '../asl/index.js';
import { applyInputPath, applyOutputPath, type JsonValue } from '../data/index.js';
import { chooseNext } from '../choice/index.js';
import { emitEntered, exitState, guardState, serializeOutput } from './state-flow.js';
import type { Stepper, Work } from './stepper.js';

/** Choice: enters, picks the first matching rule (or Default), leaves towards it with its input. */
export function runChoice(s: Stepper, threadId: string, def: ChoiceState, name: string, input: string): Work | undefined {
  emitEntered(s, threadId, def, name, input);
  return guardState(s, threadId, def, () => {
    const dc = s.dataContext(threadId);
    const effective = applyInputPath(def.InputPath, JSON.parse(input) as JsonValue, dc);
    const { next } = chooseNext(def, effective, dc);
    const output = applyOutputPath(def.OutputPath, effective, dc);
    return exitState(s, threadId, def, serializeOutput(s, threadId, output), next);
  });
}
