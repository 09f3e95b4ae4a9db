/**
 * ASL's `StringMatches`: `*` matches any run of characters (including none), `\*` a literal star and
 * `\\` a literal backslash; everything else matches itself, and the whole string must match. Pure.
 */
export function matchesWildcardPattern(text: string, pattern: string): boolean {
  let source = '';
  for (let position = 0; position < pattern.length; position += 1) {
    const char = pattern.charAt(position);
    const next = pattern.charAt(position + 1);
    if (char === '\\' && (next === '*' || next === '\\')) {
      source += escapeRegExp(next);
      position += 1;
    } else if (char === '*') source += '.*';
    else source += escapeRegExp(char);
  }
  return new RegExp(`^${source}$`, 'su').test(text);
}

function escapeRegExp(char: string): string {
  return char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
