// A state machine definition as a graph for ELK: one node per state, Parallel branches and Map
// processors as groups, an edge per transition (Next, each Choice rule, Default, each Catch).

/** An ELK node (the members ELK reads and writes). */
export interface GraphNode {
  id: string;
  labels?: { text: string }[];
  width?: number;
  height?: number;
  x?: number;
  y?: number;
  children?: GraphNode[];
  edges?: GraphEdge[];
  layoutOptions?: Record<string, string>;
  /** The state this node draws (absent for a branch group or the start and end markers). */
  stateName?: string;
  stateType?: string;
  kind: 'state' | 'group' | 'branch' | 'start' | 'end' | 'root';
}

export interface GraphEdge {
  id: string;
  sources: string[];
  targets: string[];
  labels?: { text: string; width: number; height: number; x?: number; y?: number }[];
  sections?: {
    startPoint: { x: number; y: number };
    endPoint: { x: number; y: number };
    bendPoints?: { x: number; y: number }[];
  }[];
  /** A Catch edge is drawn dashed. */
  kind: 'next' | 'choice' | 'default' | 'catch';
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const CHAR_WIDTH = 7.2;

const labelOf = (text: string, kind: GraphEdge['kind']): NonNullable<GraphEdge['labels']> =>
  kind === 'next' ? [] : [{ text, width: Math.min(220, text.length * 6.2 + 6), height: 14 }];

/** Builds the graph of a definition (JSON text); throws when it is not a JSON object with States. */
export function definitionGraph(definitionText: string): GraphNode {
  const definition: unknown = JSON.parse(definitionText);
  if (!isObject(definition)) throw new Error('The definition is not a JSON object.');
  const root: GraphNode = {
    id: 'root',
    kind: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '36',
      'elk.spacing.nodeNode': '28',
      'elk.edgeLabels.inline': 'false',
    },
    children: [],
    edges: [],
  };
  addScope(root, definition, 'root');
  return root;
}

function addScope(container: GraphNode, scope: Json, prefix: string): void {
  const states = isObject(scope['States']) ? scope['States'] : {};
  const children = container.children ?? [];
  const edges = container.edges ?? [];
  container.children = children;
  container.edges = edges;
  const id = (name: string) => `${prefix}/${name}`;
  const start = `${prefix}/(start)`;
  const end = `${prefix}/(end)`;
  children.push({ id: start, kind: 'start', width: 14, height: 14 });
  children.push({ id: end, kind: 'end', width: 14, height: 14 });
  let edgeCount = 0;
  const edge = (from: string, to: string | undefined, kind: GraphEdge['kind'], text = '') => {
    if (to === undefined) return;
    const target = to === end ? end : id(to);
    if (to !== end && !Object.hasOwn(states, to)) return;
    edges.push({
      id: `${prefix}#${edgeCount++}`,
      sources: [from],
      targets: [target],
      kind,
      labels: labelOf(text, kind),
    });
  };
  if (typeof scope['StartAt'] === 'string') edge(start, scope['StartAt'], 'next');
  for (const [name, state] of Object.entries(states)) {
    if (!isObject(state)) continue;
    const type = typeof state['Type'] === 'string' ? state['Type'] : 'State';
    const node: GraphNode = { id: id(name), kind: 'state', stateName: name, stateType: type, labels: [{ text: name }] };
    const nested = nestedScopes(state);
    if (nested.length > 0) {
      node.kind = 'group';
      node.layoutOptions = { 'elk.padding': '[top=28,left=12,bottom=12,right=12]' };
      node.children = [];
      node.edges = [];
      nested.forEach((branch, index) => {
        if (nested.length === 1) {
          addScope(node, branch, `${id(name)}/${index}`);
          return;
        }
        const group: GraphNode = {
          id: `${id(name)}/branch-${index}`,
          kind: 'branch',
          layoutOptions: { 'elk.padding': '[top=12,left=10,bottom=10,right=10]' },
          children: [],
          edges: [],
        };
        addScope(group, branch, `${id(name)}/${index}`);
        node.children?.push(group);
      });
    } else {
      node.width = Math.max(90, name.length * CHAR_WIDTH + 28);
      node.height = 40;
    }
    children.push(node);
    if (typeof state['Next'] === 'string') edge(id(name), state['Next'], 'next');
    if (state['End'] === true || type === 'Succeed' || type === 'Fail') edge(id(name), end, 'next');
    if (Array.isArray(state['Choices'])) {
      state['Choices'].forEach((rule, index) => {
        if (isObject(rule) && typeof rule['Next'] === 'string')
          edge(id(name), rule['Next'], 'choice', describeChoice(rule, index));
      });
    }
    if (typeof state['Default'] === 'string') edge(id(name), state['Default'], 'default', 'Default');
    if (Array.isArray(state['Catch'])) {
      for (const catcher of state['Catch']) {
        if (!isObject(catcher) || typeof catcher['Next'] !== 'string') continue;
        const errors = Array.isArray(catcher['ErrorEquals']) ? catcher['ErrorEquals'].join(', ') : '';
        edge(id(name), catcher['Next'], 'catch', `Catch ${errors}`);
      }
    }
  }
}

/** The branches of a Parallel, or the processor of a Map (ItemProcessor or the legacy Iterator). */
function nestedScopes(state: Json): Json[] {
  if (state['Type'] === 'Parallel' && Array.isArray(state['Branches'])) return state['Branches'].filter(isObject);
  if (state['Type'] === 'Map') {
    const processor = isObject(state['ItemProcessor']) ? state['ItemProcessor'] : state['Iterator'];
    return isObject(processor) ? [processor] : [];
  }
  return [];
}

const OPERATORS = [
  'StringEquals',
  'StringLessThan',
  'StringGreaterThan',
  'StringMatches',
  'NumericEquals',
  'NumericLessThan',
  'NumericGreaterThan',
  'NumericLessThanEquals',
  'NumericGreaterThanEquals',
  'BooleanEquals',
  'TimestampEquals',
  'IsPresent',
  'IsNull',
  'IsString',
  'IsNumeric',
  'IsBoolean',
];

/** A short label for a Choice rule: its JSONata condition, or its variable, operator and value. */
export function describeChoice(rule: Json, index: number): string {
  const shorten = (text: string) => (text.length > 34 ? `${text.slice(0, 33)}…` : text);
  if (typeof rule['Condition'] === 'string') return shorten(rule['Condition'].replace(/^\{%\s*|\s*%\}$/g, ''));
  if (typeof rule['Variable'] === 'string') {
    const key = Object.keys(rule).find((name) => OPERATORS.some((op) => name.startsWith(op)));
    if (key !== undefined) return shorten(`${rule['Variable']} ${key} ${JSON.stringify(rule[key])}`);
  }
  for (const combinator of ['And', 'Or', 'Not']) if (combinator in rule) return `Rule ${index + 1} (${combinator})`;
  return `Rule ${index + 1}`;
}
