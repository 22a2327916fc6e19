import type { StepRecord } from '../store/step-journal';
import type { Incident, StoredEvent } from '../store/store';
import { formatTime } from './format-time';

export interface PostmortemInput {
  readonly incident: Incident;
  /** Oldest first. */
  readonly events: readonly StoredEvent[];
  /** The runbook steps the events mention, from the step journal. */
  readonly steps: readonly StepRecord[];
  readonly timeZone: string;
  /** When the draft is made: the end of the impact window of an incident still open. */
  readonly now: Date;
  /** Charts of the impact window from stored samples, embedded by file name (attached beside the draft). */
  readonly charts?: readonly PostmortemChart[];
}

export interface PostmortemChart {
  readonly title: string;
  readonly filename: string;
  readonly notes: readonly string[];
}

/** Commands whose replies are findings about the cluster, quoted as evidence. */
const findingCommands = /^(\/rmq\s+)?(status|diagnose|cluster|logs)\b/;
/** Notes people mark as work left to do. */
const followUpNote = /\b(follow[- ]?up|todo|action item)\b/i;

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const code = (text: string): string => `\`${text.replace(/`/g, "'")}\``;

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${s % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

const actorOf = (e: StoredEvent): string => (e.actor.kind === 'bot' ? `bot (${e.actor.id})` : e.actor.id);

function stepRow(step: StepRecord, tz: string): string {
  const o = step.outcome;
  const outcome = o === null ? (step.state === 'started' ? 'outcome unknown (never finished)' : step.state) : o.kind === 'completed' ? 'completed' : `${o.kind}: ${o.reason}`;
  const exitCode = o?.kind === 'completed' ? String(o.exitCode) : '—';
  const took = o?.kind === 'completed' || o?.kind === 'outcome-unknown' ? duration(o.durationMs) : '—';
  const started = step.startedAt ? formatTime(step.startedAt, tz) : 'not started';
  return `| ${started} | ${cell(step.node)} | ${code(step.argv.join(' '))} | ${cell(outcome)} | ${exitCode} | ${took} | ${cell(step.actor)} |`;
}

/**
 * A Markdown postmortem draft from what the bot recorded: every event in order with its time, the
 * findings the responders saw, what was run against the cluster and how it ended. People edit it;
 * the bot never claims a cause it did not record.
 */
export function renderPostmortem(input: PostmortemInput): string {
  const { incident, events, steps, timeZone: tz } = input;
  const end = incident.closedAt ?? input.now;
  const people = [...new Set(events.filter((e) => e.actor.kind === 'user').map((e) => e.actor.id))];
  const count = (pred: (e: StoredEvent) => boolean) => events.filter(pred).length;
  const findings = events.filter((e) => e.kind === 'command-run' && findingCommands.test(e.details.text));
  const followUps = [
    ...events.filter((e) => (e.kind === 'note' || e.kind === 'message-pinned') && followUpNote.test(e.summary)).map((e) => `${e.summary} (${actorOf(e)}, ${formatTime(e.at, tz)})`),
    ...steps.filter((s) => s.outcome === null || s.outcome.kind === 'outcome-unknown').map((s) => `Verify on ${s.node} whether ${code(s.argv.join(' '))} took effect: its outcome is unknown.`),
    ...(incident.closedAt ? [] : ['The incident is still open: close it with `/rmq incident end` when it is over.']),
  ];
  const lines = [
    `# Postmortem draft: ${incident.title}`,
    '',
    `Incident ${code(incident.id)} in channel ${incident.channel}. Times are ${tz}. Generated from the bot's event log; edit before sharing.`,
    '',
    '## Summary',
    '',
    `${incident.title}. Opened by ${incident.openedBy} at ${formatTime(incident.openedAt, tz)}, ${incident.closedAt ? `closed at ${formatTime(incident.closedAt, tz)}` : 'still open'}. ` +
      `${events.length} events recorded: ${count((e) => e.kind === 'note' || e.kind === 'message-pinned')} notes, ${count((e) => e.kind === 'command-run')} commands, ` +
      `${steps.length} runbook steps, ${count((e) => e.actor.kind === 'bot')} by the bot. People involved: ${people.length ? people.join(', ') : 'none recorded'}.`,
    '',
    '## Impact window',
    '',
    `From ${formatTime(incident.openedAt, tz)} to ${formatTime(end, tz)} (${duration(end.getTime() - incident.openedAt.getTime())}${incident.closedAt ? '' : ', still open'}).`,
    '',
    ...(input.charts && input.charts.length > 0 ? ['## Charts', '', ...input.charts.flatMap((c) => [`![${c.title}](${c.filename})`, '', ...c.notes.map((n) => `- ${n}`), ...(c.notes.length > 0 ? [''] : [])])] : []),
    '## Timeline',
    '',
    '| Time | Actor | What happened |',
    '| --- | --- | --- |',
    ...events.map((e) => `| ${formatTime(e.at, tz)} | ${cell(actorOf(e))} | ${cell(e.summary)} |`),
    '',
    '## Findings',
    '',
    ...(findings.length
      ? findings.flatMap((e) => (e.kind === 'command-run' ? [`- ${formatTime(e.at, tz)}, ${code(e.details.text)} by ${actorOf(e)}:`, '', '  ```', ...e.details.reply.split('\n').map((l) => `  ${l}`), '  ```', ''] : []))
      : ['No status, diagnose or logs command was run during the incident.', '']),
    '## Runbook actions',
    '',
    ...(steps.length
      ? ['| Started | Node | argv | Outcome | Exit code | Duration | By |', '| --- | --- | --- | --- | --- | --- | --- |', ...steps.map((s) => stepRow(s, tz)), '']
      : ['No mutating step was run.', '']),
    '## Open follow-ups',
    '',
    ...(followUps.length ? followUps.map((f) => `- ${f}`) : ['- None recorded. Add notes with "follow-up" in them to list them here.']),
    '',
  ];
  return lines.join('\n');
}
