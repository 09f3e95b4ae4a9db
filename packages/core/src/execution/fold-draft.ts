// The draft `evolveInPlace` changes in place (see FoldDraft), and its change-or-copy helpers: each
// changes an object the draft created, and copies (then adopts the copy) any other.

/**
 * A private working copy for folding many events in a row: `evolveInPlace` may change in place the
 * objects that earlier calls with the same draft created (and only those), instead of copying
 * the state, the thread map, a thread and its active state once per event. The result equals what
 * `evolve` gives, event by event. Objects the draft did not create — the state it started from,
 * anything a caller holds from before — are never changed, so a draft is safe to start from any
 * state; but a state the draft returned must not be kept while the same draft folds more events
 * (take it at the end, or start a new draft).
 */
export type FoldDraft = Set<object>;

/** A new, empty draft for `evolveInPlace` (a plain Set: a draft lives for one fold, and WeakSet is slower). */
export function newFoldDraft(): FoldDraft {
  return new Set<object>();
}

/** The writable view of a readonly record, for the draft's in-place changes. */
export type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** `value` after marking it as created by this fold. */
export function adopt<T extends object>(draft: FoldDraft, value: T): T {
  draft.add(value);
  return value;
}

/**
 * `{ ...base, ...fields }`, done in place when this fold created `base`. The copy is made with
 * `Object.assign`: V8 (Node 20) builds a spread followed by more members through a runtime call,
 * about ten times slower. `fields` are the reducer's own typed members, never `__proto__`.
 */
export function withFields<T extends object>(draft: FoldDraft, base: T, fields: Partial<T>): T {
  if (draft.has(base)) return Object.assign(base as Writable<T>, fields);
  return adopt(draft, Object.assign({}, base, fields));
}

/** `{ ...record, [key]: value }`, done in place when this fold created `record`. */
export function setEntry<K extends string | number, V>(
  draft: FoldDraft,
  record: Readonly<Record<K, V>>,
  key: K,
  value: V,
): Record<K, V> {
  if (draft.has(record)) {
    (record as Record<K, V>)[key] = value;
    return record as Record<K, V>;
  }
  // Copied as withFields copies; the keys are thread ids and item indexes.
  const copy = Object.assign({}, record) as Record<K, V>;
  copy[key] = value;
  return adopt(draft, copy);
}

/** `record` without `key`, done in place when this fold created `record`. */
export function withoutEntry<V>(draft: FoldDraft, record: Readonly<Record<string, V>>, key: string): Record<string, V> {
  if (draft.has(record)) {
    // Only child threads end this way; their ids make the thread map a keyed dictionary anyway.
    delete (record as Record<string, V>)[key];
    return record as Record<string, V>;
  }
  const { [key]: _removed, ...others } = record;
  return adopt(draft, others);
}
