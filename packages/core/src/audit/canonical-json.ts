/**
 * The canonical JSON text of a value: object keys sorted by UTF-16 code units, no whitespace,
 * absent (`undefined`) members left out, numbers and strings as `JSON.stringify` writes them. Two
 * values that are equal as JSON always give the same text, whatever order their keys were
 * written in, so the text can be hashed. Pure. Throws `TypeError` for anything JSON cannot hold
 * (a function, a symbol, a non-finite number, a cycle).
 */
export function canonicalJson(value: unknown): string {
  const parts: string[] = [];
  write(value, parts, new Set());
  return parts.join('');
}

function write(value: unknown, parts: string[], path: Set<object>): void {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      parts.push(JSON.stringify(value));
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`Cannot encode the number ${value} as JSON`);
      parts.push(JSON.stringify(value));
      return;
    case 'object':
      if (value === null) {
        parts.push('null');
        return;
      }
      if (path.has(value)) throw new TypeError('Cannot encode a cyclic value as JSON');
      path.add(value);
      if (Array.isArray(value)) writeArray(value, parts, path);
      else writeObject(value as Readonly<Record<string, unknown>>, parts, path);
      path.delete(value);
      return;
    default:
      throw new TypeError(`Cannot encode a ${typeof value} as JSON`);
  }
}

function writeArray(items: readonly unknown[], parts: string[], path: Set<object>): void {
  parts.push('[');
  items.forEach((item, index) => {
    if (index > 0) parts.push(',');
    // As JSON.stringify does: an array hole or undefined item is null.
    write(item === undefined ? null : item, parts, path);
  });
  parts.push(']');
}

function writeObject(object: Readonly<Record<string, unknown>>, parts: string[], path: Set<object>): void {
  const keys = Object.keys(object)
    .filter((key) => object[key] !== undefined)
    .sort();
  parts.push('{');
  keys.forEach((key, index) => {
    if (index > 0) parts.push(',');
    parts.push(JSON.stringify(key), ':');
    write(object[key], parts, path);
  });
  parts.push('}');
}
