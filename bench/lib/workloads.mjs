// The bench workloads: ASL definitions beside a manifest that gives each one's input, expected
// output and number of states entered. Every execution the bench runs is checked against it: a
// bench that reports the speed of wrong answers measures nothing.

import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';

const WORKLOADS_DIR = new URL('../workloads/', import.meta.url);

/**
 * @typedef {object} Workload
 * @property {string} name
 * @property {string} definitionText the ASL definition as JSON text
 * @property {Record<string, unknown>} definition the parsed definition
 * @property {unknown} input
 * @property {string} inputText
 * @property {unknown} expectedOutput
 * @property {number} statesEntered states entered by one execution (its state transitions)
 */

/** Reads every workload of the manifest, in its order. */
export function loadWorkloads() {
  const manifest = JSON.parse(readFileSync(new URL('manifest.json', WORKLOADS_DIR), 'utf8'));
  /** @type {Map<string, Workload>} */
  const workloads = new Map();
  for (const [name, entry] of Object.entries(manifest)) {
    const definitionText = readFileSync(new URL(`${name}.json`, WORKLOADS_DIR), 'utf8');
    workloads.set(name, {
      name,
      definitionText,
      definition: JSON.parse(definitionText),
      input: entry.input,
      inputText: JSON.stringify(entry.input),
      expectedOutput: entry.expectedOutput,
      statesEntered: entry.statesEntered,
    });
  }
  return workloads;
}

/** Reads one workload by name; throws for a name the manifest does not have. */
export function loadWorkload(name) {
  const workload = loadWorkloads().get(name);
  if (workload === undefined) throw new Error(`No workload named ${name} in bench/workloads/manifest.json`);
  return workload;
}

/** Throws unless `actual` (a value, or JSON text) is the workload's expected output. */
export function checkOutput(workload, actual, who) {
  const value = typeof actual === 'string' ? JSON.parse(actual) : actual;
  if (!isDeepStrictEqual(value, workload.expectedOutput)) {
    const shown = JSON.stringify(value);
    throw new Error(
      `${who} produced a wrong output for ${workload.name}: ${shown.length > 200 ? `${shown.slice(0, 200)}…` : shown}`,
    );
  }
}
