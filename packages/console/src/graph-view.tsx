import ELK from 'elkjs/lib/elk.bundled.js';
import { useEffect, useState } from 'preact/hooks';
import { definitionGraph, type GraphEdge, type GraphNode } from './definition-graph.js';
import type { StateOutcome, StateRecord } from './state-outcomes.js';

const elk = new ELK();

interface GraphViewProps {
  readonly definition: string;
  readonly outcomes: Map<string, StateRecord>;
  readonly selected?: string | undefined;
  /** The state the what-if replay diverged in, outlined. */
  readonly divergent?: string | undefined;
  readonly onSelect: (stateName: string) => void;
}

/** The definition's graph, laid out by ELK, each state coloured by what happened to it. */
export function GraphView({ definition, outcomes, selected, divergent, onSelect }: GraphViewProps) {
  const [layout, setLayout] = useState<GraphNode | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  useEffect(() => {
    let current = true;
    let graph: GraphNode;
    try {
      graph = definitionGraph(definition);
    } catch (failure) {
      setError(String(failure));
      return undefined;
    }
    elk.layout(graph as never).then(
      (laid) => current && setLayout(laid as unknown as GraphNode),
      (failure: unknown) => current && setError(String(failure)),
    );
    return () => {
      current = false;
    };
  }, [definition]);
  if (error !== undefined) return <p class="error">The graph cannot be drawn: {error}</p>;
  if (layout === undefined) return <p class="muted">Laying out the graph…</p>;
  return (
    <svg
      class="graph"
      data-testid="graph"
      width={(layout.width ?? 0) + 2}
      height={(layout.height ?? 0) + 2}
      viewBox={`-1 -1 ${(layout.width ?? 0) + 2} ${(layout.height ?? 0) + 2}`}
    >
      <defs>
        <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">
          <path d="M0,0 L10,5 L0,10 z" class="arrow-head" />
        </marker>
      </defs>
      <Nodes
        node={layout}
        outcomes={outcomes}
        selected={selected}
        divergent={divergent}
        onSelect={onSelect}
        offsetX={0}
        offsetY={0}
      />
    </svg>
  );
}

interface NodesProps extends Omit<GraphViewProps, 'definition'> {
  readonly node: GraphNode;
  readonly offsetX: number;
  readonly offsetY: number;
}

function outcomeOf(node: GraphNode, outcomes: Map<string, StateRecord>): StateOutcome {
  return node.stateName === undefined ? 'not-reached' : (outcomes.get(node.stateName)?.outcome ?? 'not-reached');
}

function Nodes({ node, outcomes, selected, divergent, onSelect, offsetX, offsetY }: NodesProps) {
  const x = offsetX + (node.x ?? 0);
  const y = offsetY + (node.y ?? 0);
  const width = node.width ?? 0;
  const height = node.height ?? 0;
  const children = node.children ?? [];
  const edges = node.edges ?? [];
  let shape = null;
  if (node.kind === 'start' || node.kind === 'end') {
    shape = <circle cx={x + width / 2} cy={y + height / 2} r={width / 2} class={`marker marker-${node.kind}`} />;
  } else if (node.kind === 'branch') {
    shape = <rect x={x} y={y} width={width} height={height} rx={6} class="branch" />;
  } else if (node.kind !== 'root') {
    const outcome = outcomeOf(node, outcomes);
    const classes = [
      node.kind === 'group' ? 'group' : 'state',
      `outcome-${outcome}`,
      node.stateName === selected ? 'selected' : '',
      node.stateName === divergent ? 'divergent' : '',
    ].join(' ');
    shape = (
      <g
        class="node"
        data-state={node.stateName}
        data-outcome={outcome}
        onClick={(event) => {
          event.stopPropagation();
          if (node.stateName !== undefined) onSelect(node.stateName);
        }}
      >
        <rect x={x} y={y} width={width} height={height} rx={node.kind === 'group' ? 8 : 5} class={classes} />
        <text
          x={x + (node.kind === 'group' ? 10 : width / 2)}
          y={y + (node.kind === 'group' ? 17 : height / 2 + 4)}
          class={node.kind === 'group' ? 'group-label' : 'label'}
        >
          {node.labels?.[0]?.text}
          {node.kind === 'group' ? ` (${node.stateType})` : ''}
        </text>
      </g>
    );
  }
  return (
    <g>
      {shape}
      {children.map((child) => (
        <Nodes
          key={child.id}
          node={child}
          outcomes={outcomes}
          selected={selected}
          divergent={divergent}
          onSelect={onSelect}
          offsetX={x}
          offsetY={y}
        />
      ))}
      {edges.map((edge) => (
        <Edge key={edge.id} edge={edge} offsetX={x} offsetY={y} />
      ))}
    </g>
  );
}

function Edge({ edge, offsetX, offsetY }: { edge: GraphEdge; offsetX: number; offsetY: number }) {
  const section = edge.sections?.[0];
  if (section === undefined) return null;
  const points = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint];
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x + offsetX},${p.y + offsetY}`).join(' ');
  const label = edge.labels?.[0];
  return (
    <g class={`edge edge-${edge.kind}`}>
      <path d={path} marker-end="url(#arrow)" />
      {label !== undefined && label.x !== undefined && label.y !== undefined && (
        <text x={label.x + offsetX} y={label.y + offsetY + 10} class="edge-label">
          {label.text}
        </text>
      )}
    </g>
  );
}
