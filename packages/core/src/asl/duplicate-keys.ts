import { elementLocation, memberLocation } from './definition-problem.js';

/** A key written twice in one JSON object: where the object is (AWS's location form) and the key. */
export interface DuplicateKey {
  readonly objectLocation: string;
  readonly key: string;
}

/**
 * Finds every key repeated inside one object of `text`, which must already be valid JSON.
 * `JSON.parse` keeps the last of two equal keys silently; a definition that names two states alike
 * in one `States` object must still be refused. Pure.
 */
export function findDuplicateKeys(text: string): readonly DuplicateKey[] {
  const scanner = { text, index: 0, duplicates: [] as DuplicateKey[] };
  scanValue(scanner, '/');
  return scanner.duplicates;
}

interface Scanner {
  readonly text: string;
  index: number;
  readonly duplicates: DuplicateKey[];
}

function skipSpace(scanner: Scanner): void {
  while (/\s/.test(scanner.text.charAt(scanner.index))) scanner.index += 1;
}

function scanValue(scanner: Scanner, location: string): void {
  skipSpace(scanner);
  const char = scanner.text.charAt(scanner.index);
  if (char === '{') scanObject(scanner, location);
  else if (char === '[') scanArray(scanner, location);
  else if (char === '"') readString(scanner);
  else
    while (scanner.index < scanner.text.length && !/[\s,\]}]/.test(scanner.text.charAt(scanner.index)))
      scanner.index += 1;
}

function scanObject(scanner: Scanner, location: string): void {
  const seen = new Set<string>();
  scanner.index += 1;
  for (;;) {
    skipSpace(scanner);
    if (scanner.text.charAt(scanner.index) === '}') break;
    const key = readString(scanner);
    if (seen.has(key)) scanner.duplicates.push({ objectLocation: location, key });
    seen.add(key);
    skipSpace(scanner);
    scanner.index += 1; // ':'
    scanValue(scanner, memberLocation(location, key));
    skipSpace(scanner);
    if (scanner.text.charAt(scanner.index) !== ',') break;
    scanner.index += 1;
  }
  scanner.index += 1; // '}'
}

function scanArray(scanner: Scanner, location: string): void {
  scanner.index += 1;
  for (let position = 0; ; position += 1) {
    skipSpace(scanner);
    if (scanner.text.charAt(scanner.index) === ']') break;
    scanValue(scanner, elementLocation(location, position));
    skipSpace(scanner);
    if (scanner.text.charAt(scanner.index) !== ',') break;
    scanner.index += 1;
  }
  scanner.index += 1; // ']'
}

/** Reads the string literal at the cursor and returns its value. */
function readString(scanner: Scanner): string {
  const start = scanner.index;
  scanner.index += 1;
  while (scanner.index < scanner.text.length && scanner.text.charAt(scanner.index) !== '"') {
    scanner.index += scanner.text.charAt(scanner.index) === '\\' ? 2 : 1;
  }
  scanner.index += 1;
  // The text is valid JSON, so the literal parses.
  return JSON.parse(scanner.text.slice(start, scanner.index)) as string;
}
