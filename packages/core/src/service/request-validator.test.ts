import { describe, expect, it } from 'vitest';
import { ValidationException } from '../errors/index.js';
import { constraints, pageSize, RequestValidator, utf8Length } from './request-validator.js';

function messageOf(run: (validator: RequestValidator) => void): string | undefined {
  const validator = new RequestValidator();
  run(validator);
  try {
    validator.throwIfInvalid();
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationException);
    return (error as ValidationException).message;
  }
}

describe('RequestValidator', () => {
  it('passes a request without violations', () => {
    expect(messageOf((v) => v.string('name', 'ok', constraints.name))).toBeUndefined();
  });

  it('reports a missing member as not null', () => {
    expect(messageOf((v) => v.required('stateMachineArn', undefined))).toBe(
      "1 validation error detected: Value null at 'stateMachineArn' failed to satisfy constraint: Member must not be null",
    );
  });

  it('reports lengths with the value, and without it for sensitive members', () => {
    expect(messageOf((v) => v.string('name', 'a'.repeat(81), constraints.name))).toBe(
      `1 validation error detected: Value '${'a'.repeat(81)}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 80`,
    );
    expect(messageOf((v) => v.string('name', '', constraints.name))).toBe(
      "1 validation error detected: Value '' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    expect(messageOf((v) => v.string('error', 'e'.repeat(257), constraints.error))).toBe(
      "1 validation error detected: Value at 'error' failed to satisfy constraint: Member must have length less than or equal to 256",
    );
  });

  it('measures payloads in UTF-8 bytes', () => {
    const fits = `"${'é'.repeat(131_070)}"`; // 2 + 262140 bytes
    expect(messageOf((v) => v.string('input', fits, constraints.payload))).toBeUndefined();
    expect(messageOf((v) => v.string('input', `${fits} `, constraints.payload))).toBeUndefined();
    expect(messageOf((v) => v.string('input', `"${'é'.repeat(131_072)}"`, constraints.payload))).toBe(
      "1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have size less than or equal to 262144 bytes in UTF-8 encoding",
    );
  });

  it('reports ranges and enums', () => {
    expect(messageOf((v) => v.integer('maxResults', 1001, 0, 1000))).toBe(
      "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000",
    );
    expect(messageOf((v) => v.integer('maxResults', -1, 0, 1000))).toBe(
      "1 validation error detected: Value '-1' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 0",
    );
    expect(messageOf((v) => v.oneOf('type', 'FAST', ['STANDARD', 'EXPRESS']))).toBe(
      "1 validation error detected: Value 'FAST' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]",
    );
  });

  it('lists several violations together, joined by semicolons', () => {
    expect(
      messageOf((v) => {
        v.required('name', undefined);
        v.required('definition', undefined);
      }),
    ).toBe(
      "2 validation errors detected: Value null at 'name' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'definition' failed to satisfy constraint: Member must not be null",
    );
  });
});

describe('pageSize', () => {
  it('uses 100 for 0 or absent, and the asked size otherwise', () => {
    expect(pageSize(undefined)).toBe(100);
    expect(pageSize(0)).toBe(100);
    expect(pageSize(7)).toBe(7);
  });
});

describe('utf8Length', () => {
  it('counts bytes the way UTF-8 encodes them', () => {
    for (const text of ['', 'abc', 'é', '名', '😀', 'a😀é名']) {
      expect(utf8Length(text)).toBe(Buffer.byteLength(text, 'utf8'));
    }
  });
});
