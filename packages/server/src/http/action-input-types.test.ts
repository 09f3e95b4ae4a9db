import * as sfn from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { ACTION_INPUT_TYPES, ACTION_NAMES, isActionName, type MemberType } from './action-input-types.js';

// The SDK's generated schemas (static tuples: [kind, namespace, name, traits, …]) are the service model.
type SdkSchema = unknown;
const SIMPLE_LIST = 64;
const SIMPLE_MAP = 128;

function deref(schema: SdkSchema): SdkSchema {
  return typeof schema === 'function' ? (schema as () => SdkSchema)() : schema;
}

// Derives our coarse member type; numbers collapse to 'number' (the SDK does not keep integer vs float).
function deriveMemberType(schema: SdkSchema): unknown {
  let resolved = deref(schema);
  if (Array.isArray(resolved) && resolved.length === 2) resolved = deref(resolved[0]);
  if (typeof resolved === 'number') {
    if (resolved & SIMPLE_LIST) return { list: deriveMemberType(resolved & ~SIMPLE_LIST) };
    if (resolved & SIMPLE_MAP) return { map: deriveMemberType(resolved & ~SIMPLE_MAP) };
    const simple: Record<number, string> = { 0: 'string', 1: 'number', 2: 'boolean' };
    const name = simple[resolved];
    if (name === undefined) throw new Error(`Unexpected simple schema ${resolved}`);
    return name;
  }
  const tuple = resolved as readonly unknown[];
  switch (tuple[0]) {
    case 0:
      return deriveMemberType(tuple[4]);
    case 1:
      return { list: deriveMemberType(tuple[4]) };
    case 2:
      return { map: deriveMemberType(tuple[5]) };
    case 3: {
      const names = tuple[4] as readonly string[];
      const schemas = tuple[5] as readonly SdkSchema[];
      return {
        structure: tuple[2],
        members: Object.fromEntries(names.map((n, i) => [n, deriveMemberType(schemas[i])])),
      };
    }
    default:
      throw new Error(`Unexpected schema kind ${String(tuple[0])}`);
  }
}

function coarsen(type: MemberType): unknown {
  if (typeof type === 'string') return type === 'integer' || type === 'float' ? 'number' : type;
  if ('list' in type) return { list: coarsen(type.list) };
  if ('map' in type) return { map: coarsen(type.map) };
  return {
    structure: type.structure,
    members: Object.fromEntries(Object.entries(type.members).map(([k, v]) => [k, coarsen(v)])),
  };
}

function sdkOperations(): Map<string, SdkSchema> {
  const operations = new Map<string, SdkSchema>();
  for (const [exportName, value] of Object.entries(sfn)) {
    if (exportName.endsWith('$') && Array.isArray(value) && value[0] === 9)
      operations.set(exportName.slice(0, -1), value[4]);
  }
  return operations;
}

describe('ACTION_INPUT_TYPES', () => {
  it('lists exactly the actions of the SDK’s service model', () => {
    expect([...ACTION_NAMES].sort()).toEqual([...sdkOperations().keys()].sort());
    expect(ACTION_NAMES.length).toBeGreaterThanOrEqual(37);
  });

  it('gives every input member the JSON type the SDK’s service model declares', () => {
    for (const [action, input] of sdkOperations()) {
      expect(isActionName(action)).toBe(true);
      if (!isActionName(action)) continue;
      expect(coarsen(ACTION_INPUT_TYPES[action]), action).toEqual(deriveMemberType(input));
    }
  });

  it('declares toleratedFailurePercentage as the one float and other numbers as integers', () => {
    expect(ACTION_INPUT_TYPES.UpdateMapRun.members.toleratedFailurePercentage).toBe('float');
    expect(ACTION_INPUT_TYPES.GetExecutionHistory.members.maxResults).toBe('integer');
  });

  it('matches action names case-sensitively and only as own keys', () => {
    expect(isActionName('StartExecution')).toBe(true);
    expect(isActionName('startExecution')).toBe(false);
    expect(isActionName('toString')).toBe(false);
    expect(isActionName('__proto__')).toBe(false);
  });
});
