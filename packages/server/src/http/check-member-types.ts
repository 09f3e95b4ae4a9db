import { assertNever, setMember, type JsonObject, type JsonValue } from '@statefold/core';
import type { MemberType, StructureType } from './action-input-types.js';
import { SerializationException } from './protocol-errors.js';

/**
 * Checks a parsed request body against its input shape and returns the request the service gets:
 * members set to `null` are dropped (AWS JSON treats them as absent) and unknown members are ignored,
 * as AWS ignores them. Throws `SerializationException` naming the first member of the wrong JSON type.
 * Pure.
 */
export function checkMemberTypes(body: JsonValue, shape: StructureType): JsonObject {
  return checkStructure(body, shape, '');
}

function checkStructure(value: JsonValue, shape: StructureType, path: string): JsonObject {
  if (!isObject(value)) throw wrongType(path || shape.structure, `a ${shape.structure} structure`, value);
  const checked: Record<string, JsonValue> = {};
  for (const [member, memberValue] of Object.entries(value)) {
    const memberType = Object.hasOwn(shape.members, member) ? shape.members[member] : undefined;
    if (memberType === undefined || memberValue === null) continue;
    checked[member] = checkMember(memberValue, memberType, path === '' ? member : `${path}.${member}`);
  }
  return checked;
}

function checkMember(value: JsonValue, type: MemberType, path: string): JsonValue {
  if (typeof type === 'string') {
    switch (type) {
      case 'string':
        if (typeof value === 'string') return value;
        throw wrongType(path, 'a string', value);
      case 'boolean':
        if (typeof value === 'boolean') return value;
        throw wrongType(path, 'a boolean', value);
      case 'integer':
        if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
        throw wrongType(path, 'an integer', value);
      case 'float':
        if (typeof value === 'number') return value;
        throw wrongType(path, 'a number', value);
      default:
        return assertNever(type);
    }
  }
  if ('list' in type) {
    if (!Array.isArray(value)) throw wrongType(path, 'a list', value);
    return (value as readonly JsonValue[]).map((item, index) => {
      if (item === null) throw wrongType(`${path}[${index}]`, 'a list member', item);
      return checkMember(item, type.list, `${path}[${index}]`);
    });
  }
  if ('map' in type) {
    if (!isObject(value)) throw wrongType(path, 'a map', value);
    const checked: Record<string, JsonValue> = {};
    for (const [key, item] of Object.entries(value)) {
      // A map's keys are the caller's: `__proto__` must stay a key.
      if (item !== null) setMember(checked, key, checkMember(item, type.map, `${path}.${key}`));
    }
    return checked;
  }
  return checkStructure(value, type, path);
}

function isObject(value: JsonValue): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeJson(value: JsonValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      // An integer past 2^53 is still an integer: what is wrong with it is its size.
      if (Number.isInteger(value) && !Number.isSafeInteger(value)) return `${value}, which is out of range`;
      return Number.isInteger(value) ? 'an integer' : 'a number with a fraction';
    case 'boolean':
      return 'a boolean';
    default:
      return 'an object';
  }
}

function wrongType(path: string, expected: string, value: JsonValue): SerializationException {
  return new SerializationException(`Expected ${expected} for '${path}' but found ${describeJson(value)}`);
}
