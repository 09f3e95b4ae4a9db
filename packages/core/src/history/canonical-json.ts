/**
 * The canonical JSON text of a value: object keys sorted by UTF-16 code units, no whitespace,
 * absent (`undefined`) members left out, numbers and strings as `JSON.stringify` writes them. Two
 * values that are equal as JSON always give the same text, whatever order their keys were
 * written in, so the text can be hashed. Pure. Throws `TypeError` for anything JSON cannot hold
 * (a function, a symbol, a non-finite number, a cycle).
 */
export function canonicalJson(value: unknown): string {
  return write(value, []);
}

/**
 * `canonicalJson({ ...object, [key]: member })`, written without building that object (the audit
 * hash encodes an event with its facts this way, and copying every event to hash it would cost an
 * allocation per stored event). Pure; throws as `canonicalJson` does.
 */
export function canonicalJsonWith(object: Readonly<Record<string, unknown>>, key: string, member: unknown): string {
  const ancestors: object[] = [object];
  const keys = Object.keys(object);
  if (!Object.hasOwn(object, key)) keys.push(key);
  keys.sort();
  let text = '{';
  for (const name of keys) {
    const value = name === key ? member : object[name];
    if (value === undefined) continue;
    if (text.length > 1) text += ',';
    text += `${JSON.stringify(name)}:${write(value, ancestors)}`;
  }
  return `${text}}`;
}

// Every stored event is hashed once on its way in, so this is written for speed: plain loops and
// string concatenation (no closures, no parts array); the ancestors list is as deep as the value.
function write(value: unknown, ancestors: object[]): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`Cannot encode the number ${value} as JSON`);
      return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (ancestors.includes(value)) throw new TypeError('Cannot encode a cyclic value as JSON');
      ancestors.push(value);
      const text = Array.isArray(value)
        ? writeArray(value, ancestors)
        : writeObject(value as Readonly<Record<string, unknown>>, ancestors);
      ancestors.pop();
      return text;
    }
    default:
      throw new TypeError(`Cannot encode a ${typeof value} as JSON`);
  }
}

function writeArray(items: readonly unknown[], ancestors: object[]): string {
  let text = '[';
  for (let index = 0; index < items.length; index++) {
    if (index > 0) text += ',';
    const item = items[index];
    // As JSON.stringify does: an array hole or undefined item is null.
    text += write(item === undefined ? null : item, ancestors);
  }
  return `${text}]`;
}

function writeObject(object: Readonly<Record<string, unknown>>, ancestors: object[]): string {
  const keys = Object.keys(object).sort();
  let text = '{';
  for (const key of keys) {
    const member = object[key];
    if (member === undefined) continue;
    if (text.length > 1) text += ',';
    text += `${JSON.stringify(key)}:${write(member, ancestors)}`;
  }
  return `${text}}`;
}
