/**
 * Remembers what a pure parse gave for each text, so that a path or intrinsic call in a state
 * that runs a million times is parsed once, not on every run. Bounded: past `limit` distinct
 * texts (definitions made on the fly, say) it starts afresh. Only results are remembered — a
 * text that fails to parse fails again, with the same error, each time. Callers must treat the
 * results as immutable: they are shared.
 */
export function memoizeText<T>(parse: (text: string) => T, limit = 10_000): (text: string) => T {
  let cache = new Map<string, T>();
  return (text) => {
    const known = cache.get(text);
    if (known !== undefined) return known;
    const parsed = parse(text);
    if (cache.size >= limit) cache = new Map();
    cache.set(text, parsed);
    return parsed;
  };
}
