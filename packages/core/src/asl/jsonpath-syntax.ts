import { isReferencePath, JsonPathSyntaxError, parseJsonPath, type JsonPath } from '../data/index.js';

// Parse-time checks of path fields. The syntax is data/'s JSONPath parser — the one that evaluates
// paths at run time — so a definition that validates never fails later on the syntax of a path.

/** How a path field may start: the state input (`$`), the context object (`$$`), a variable. */
export interface PathRoots {
  readonly context: boolean;
  readonly variables: boolean;
}

const EVERY_ROOT: PathRoots = { context: true, variables: true };

/**
 * True when `text` is a JSONPath that AWS accepts in a path field (`InputPath`, `…Path`, `Variable`,
 * a `.$` template value): rooted at `$`, or at `$$` / `$variable` when `roots` allow (they do by
 * default). Pure.
 */
export function isValidPath(text: string, roots: PathRoots = EVERY_ROOT): boolean {
  const path = tryParse(text);
  if (path === undefined) return false;
  switch (path.root.kind) {
    case 'input':
      return true;
    case 'context':
      return roots.context;
    case 'variable':
      return roots.variables;
  }
}

/**
 * True when `text` is a reference path (`ResultPath`): rooted at `$`, and made only of `.name`,
 * `['name']` and `[index]` steps, so that it names exactly one node. Pure.
 */
export function isValidReferencePath(text: string): boolean {
  const path = tryParse(text);
  return path !== undefined && isReferencePath(path);
}

function tryParse(text: string): JsonPath | undefined {
  try {
    return parseJsonPath(text);
  } catch (error) {
    if (error instanceof JsonPathSyntaxError) return undefined;
    throw error;
  }
}
