/**
 * `{ [key]: value }` when the value is present and `{}` otherwise, so that a model object never
 * carries an explicit `undefined` (the model is read with `exactOptionalPropertyTypes`). Pure.
 */
export function optional<K extends string, V>(key: K, value: V | undefined): { readonly [P in K]?: V } {
  // The cast is the one place this shape is asserted: both branches satisfy it.
  return (value === undefined ? {} : { [key]: value }) as { readonly [P in K]?: V };
}
