import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { useState } from 'preact/hooks';
import { consoleApi, type DefinitionProblem, type WhatIfOutcome } from './api.js';
import { ErrorNote } from './errors.js';

interface WhatIfProps {
  readonly executionArn: string;
  readonly definition: string;
  readonly onOutcome: (outcome: WhatIfOutcome | undefined) => void;
}

/** The line (1-based) of a problem's JSON Pointer location in the edited text, when it can be found. */
export function lineOfLocation(text: string, location: string | undefined): number | undefined {
  if (location === undefined) return undefined;
  const tree = parseTree(text);
  if (tree === undefined) return undefined;
  const path = location
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  // The deepest node of the path that exists: a problem may point at a member that is missing.
  for (let length = path.length; length >= 0; length--) {
    const node = findNodeAtLocation(tree, path.slice(0, length));
    if (node !== undefined) {
      const offset = node.parent?.type === 'property' ? node.parent.offset : node.offset;
      return text.slice(0, offset).split('\n').length;
    }
  }
  return undefined;
}

/** Edit the definition and replay this execution's history against it: the first divergent event is shown. */
export function WhatIf({ executionArn, definition, onOutcome }: WhatIfProps) {
  const [text, setText] = useState(() => prettyDefinition(definition));
  const [outcome, setOutcome] = useState<WhatIfOutcome | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const replay = async () => {
    try {
      const result = await consoleApi.whatIf(executionArn, text);
      setOutcome(result);
      setError(undefined);
      onOutcome(result);
    } catch (failure) {
      setError(failure);
    }
  };
  const problemLines = outcome?.kind === 'invalid' ? outcome.problems.map((p) => lineOfLocation(text, p.location)) : [];
  const lineCount = text.split('\n').length;
  return (
    <section class="card what-if" data-testid="what-if">
      <h2>What if: replay against an edited definition</h2>
      <div class="editor">
        <pre class="gutter" aria-hidden="true">
          {Array.from({ length: lineCount }, (_, i) => (
            <span key={i} class={problemLines.includes(i + 1) ? 'problem-line' : ''}>
              {i + 1}
              {'\n'}
            </span>
          ))}
        </pre>
        <textarea
          name="definition"
          spellcheck={false}
          rows={Math.min(30, lineCount + 1)}
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
        />
      </div>
      <div class="row">
        <button type="button" onClick={replay}>
          Replay this execution
        </button>
        <button
          type="button"
          class="secondary"
          onClick={() => {
            setText(prettyDefinition(definition));
            setOutcome(undefined);
            onOutcome(undefined);
          }}
        >
          Reset
        </button>
      </div>
      <ErrorNote error={error} />
      {outcome?.kind === 'invalid' && <Problems problems={outcome.problems} lines={problemLines} />}
      {outcome?.kind === 'replayed' && outcome.divergence === undefined && (
        <p class="ok" data-testid="what-if-result">
          The edited definition reproduces all {outcome.recordedEvents} events.
        </p>
      )}
      {outcome?.kind === 'replayed' && outcome.divergence !== undefined && (
        <div class="diverged" data-testid="what-if-result">
          <p>
            Diverges at event <strong data-testid="divergent-event">{outcome.divergence.eventId}</strong>:{' '}
            {outcome.divergence.reason}
          </p>
          {outcome.divergence.differences.length > 0 && (
            <ul>
              {outcome.divergence.differences.map((difference) => (
                <li key={difference.path}>
                  <code>{difference.path}</code>: recorded {JSON.stringify(difference.recorded)}, decided{' '}
                  {JSON.stringify(difference.decided)}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

function Problems({ problems, lines }: { problems: readonly DefinitionProblem[]; lines: (number | undefined)[] }) {
  return (
    <ul class="problems" data-testid="definition-problems">
      {problems.map((problem, index) => (
        <li key={index}>
          {lines[index] !== undefined ? <strong>Line {lines[index]}: </strong> : null}
          <code>{problem.code}</code> {problem.message}
          {problem.location !== undefined ? <span class="muted"> at {problem.location}</span> : null}
        </li>
      ))}
    </ul>
  );
}

function prettyDefinition(definition: string): string {
  try {
    return JSON.stringify(JSON.parse(definition), null, 2);
  } catch {
    return definition;
  }
}
