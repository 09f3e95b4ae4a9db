import {
  describeTimeline,
  parseDefinition,
  replayHistory,
  type Divergence,
  type RecordedEvent,
  type ReplayReport,
  type StateMachineModel,
} from '@statefold/core';
import { onePositional, printJson, stringFlag, type InspectionEnvironment, type ParsedFlags } from './flags.js';
import { CliFailure, loadExecution, readDefinitionFile } from './source.js';

/** `statefold replay`: the divergence report of a history against a definition. Exit 1 when it diverges. */
export async function runReplay(flags: ParsedFlags, environment: InspectionEnvironment): Promise<number> {
  const target = onePositional(flags, 'an execution ARN or a file');
  const loaded = await loadExecution(target, flags.db, stringFlag(flags, 'execution'));
  const definitionFile = stringFlag(flags, 'definition');
  const text = definitionFile !== undefined ? await readDefinitionFile(definitionFile) : loaded.definition;
  if (text === undefined) {
    throw new CliFailure(`${loaded.label} does not carry its definition: pass --definition <file>.`, 2);
  }
  const model = parseDefinitionOrFail(text, parseDefinition);
  const identity = loaded.summary === undefined ? undefined : identityOf(loaded.summary);
  const report = replayHistory(
    model,
    loaded.events,
    identity !== undefined && loaded.origin === 'aws' ? { identity } : {},
  );
  if (flags.json)
    printJson(environment, {
      execution: loaded.label,
      definition: definitionFile ?? 'recorded',
      ...withoutEvents(report),
    });
  else environment.stdout(formatReport(loaded.label, definitionFile, report));
  return report.divergence === undefined ? 0 : 1;
}

/** Parses a definition, turning InvalidDefinition into a usage failure with AWS's message. */
export function parseDefinitionOrFail(text: string, parse: (text: string) => StateMachineModel): StateMachineModel {
  try {
    return parse(text);
  } catch (error) {
    if (error instanceof Error && error.name === 'InvalidDefinition')
      throw new CliFailure(`Invalid definition: ${error.message}`, 2);
    throw error;
  }
}

function identityOf(summary: {
  readonly executionArn: string;
  readonly name: string;
  readonly stateMachineArn: string;
}) {
  return {
    executionArn: summary.executionArn,
    name: summary.name,
    stateMachineArn: summary.stateMachineArn,
    stateMachineName: summary.stateMachineArn.slice(summary.stateMachineArn.lastIndexOf(':') + 1),
  };
}

function withoutEvents(report: ReplayReport): Omit<ReplayReport, 'events'> & { readonly clean: boolean } {
  const { events: _derived, ...rest } = report;
  return { clean: report.divergence === undefined, ...rest };
}

function formatReport(label: string, definitionFile: string | undefined, report: ReplayReport): string {
  const against = definitionFile === undefined ? 'the definition it ran with' : definitionFile;
  const lines = [`Replayed ${label} (${report.mode} history, ${report.recordedEvents} events) against ${against}.`];
  const divergence = report.divergence;
  if (divergence === undefined) {
    lines.push(`Replays cleanly: the definition decides all ${report.matchedEvents} events as recorded.`);
    return `${lines.join('\n')}\n`;
  }
  lines.push(
    `Diverges at event ${divergence.eventId}, after ${report.matchedEvents} matching events.`,
    '',
    divergence.reason,
    '',
  );
  lines.push(...describeDivergence(divergence));
  return `${lines.join('\n')}\n`;
}

function describeDivergence(divergence: Divergence): string[] {
  const lines: string[] = [];
  lines.push(
    `  recorded: ${divergence.recorded === undefined ? '(the history ends here)' : summarize(divergence.recorded)}`,
  );
  lines.push(`  decided:  ${divergence.decided === undefined ? '(no event)' : summarize(divergence.decided)}`);
  if (divergence.differences.length > 0 && divergence.differences[0]?.path !== 'type') {
    lines.push('', '  differences:');
    for (const difference of divergence.differences) {
      lines.push(
        `    ${difference.path}`,
        `      recorded: ${show(difference.recorded)}`,
        `      decided:  ${show(difference.decided)}`,
      );
    }
  }
  return lines;
}

function summarize(recorded: RecordedEvent): string {
  const { event } = recorded;
  const [entry] = describeTimeline([recorded]);
  const name = entry?.stateName !== undefined ? ` '${entry.stateName}'` : '';
  return `${event.type}${name}${entry?.detail ? `  ${entry.detail}` : ''}`;
}

function show(value: unknown): string {
  if (value === undefined) return '(absent)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
