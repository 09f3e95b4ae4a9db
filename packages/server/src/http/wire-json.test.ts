import { describe, expect, it } from 'vitest';
import { toWireJson } from './wire-json.js';

describe('toWireJson', () => {
  it('writes every Date as epoch seconds with its milliseconds, at any depth', () => {
    const at = new Date('2024-01-02T03:04:05.678Z');
    const result = { startDate: at, events: [{ id: 1, timestamp: at, details: { when: [at] } }], name: 'n' };
    expect(toWireJson(result)).toBe(
      '{"startDate":1704164645.678,"events":[{"id":1,"timestamp":1704164645.678,"details":{"when":[1704164645.678]}}],"name":"n"}',
    );
  });

  it('leaves out undefined members and answers {} for an absent result', () => {
    expect(toWireJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(toWireJson(undefined)).toBe('{}');
    expect(toWireJson(null)).toBe('{}');
  });

  it('changes nothing it is given', () => {
    const at = new Date(0);
    const result = Object.freeze({ items: Object.freeze([Object.freeze({ creationDate: at })]) });
    expect(toWireJson(result)).toBe('{"items":[{"creationDate":0}]}');
    expect(result.items[0]?.creationDate).toBe(at);
  });

  it('keeps a __proto__ member as a member', () => {
    const result = JSON.parse('{"__proto__":{"x":1},"at":null}') as Record<string, unknown>;
    result['at'] = new Date(1000);
    expect(toWireJson(result)).toBe('{"__proto__":{"x":1},"at":1}');
  });

  it('throws RangeError for an invalid Date, naming its member', () => {
    expect(() => toWireJson({ stopDate: new Date(Number.NaN) })).toThrow(
      new RangeError("Invalid Date in member 'stopDate'"),
    );
  });
});
