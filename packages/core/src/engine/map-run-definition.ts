import { isJsonObject, type JsonValue } from '../data/index.js';

/**
 * The definition a Distributed Map's child executions run: its ItemProcessor (or legacy Iterator)
 * as written in the parent's definition text, without `ProcessorConfig`, with the Map state's
 * query language when the processor does not name one. `statePath` leads from the root to the Map
 * state (`MapRunStarted`'s facts). Undefined when the path does not lead to a Map state.
 */
export function childDefinitionOf(
  parentDefinition: string,
  statePath: readonly (string | number)[],
): string | undefined {
  let node = JSON.parse(parentDefinition) as JsonValue;
  let language: JsonValue | undefined = isJsonObject(node) ? node['QueryLanguage'] : undefined;
  for (const key of statePath) {
    if (isJsonObject(node)) {
      // The parsed model names a legacy Iterator `ItemProcessor`.
      const next: JsonValue | undefined =
        key === 'ItemProcessor' ? (node['ItemProcessor'] ?? node['Iterator']) : node[key];
      if (next === undefined) return undefined;
      node = next;
    } else if (Array.isArray(node) && typeof key === 'number') {
      const next = node[key];
      if (next === undefined) return undefined;
      node = next;
    } else {
      return undefined;
    }
    if (isJsonObject(node) && typeof node['QueryLanguage'] === 'string') language = node['QueryLanguage'];
  }
  if (!isJsonObject(node)) return undefined;
  const processor = node['ItemProcessor'] ?? node['Iterator'];
  if (!isJsonObject(processor)) return undefined;
  const { ProcessorConfig: _config, ...scope } = processor;
  const withLanguage =
    scope['QueryLanguage'] === undefined && language !== undefined ? { QueryLanguage: language, ...scope } : scope;
  return JSON.stringify(withLanguage);
}
