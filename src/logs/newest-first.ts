import { parseLine, type ParsedLine } from './line-header';

/**
 * Pastes from log viewers (Grafana Loki, Kibana, CloudWatch Insights sorted by @timestamp desc)
 * put the newest entry first. Read in that order, a cleared alarm looks set, a node that came back
 * looks down, and first/last seen swap: such a paste is put back in time order before it is read.
 */

/** At least this many dated lines, so two lines out of order are not taken for a reversed paste. */
const MIN_DATED_LINES = 3;

/** Whether the dated lines of `lines` mostly go back in time (equal times say nothing). */
export const isNewestFirst = (lines: readonly ParsedLine[]): boolean => {
  const times = lines.flatMap((line) => (line.kind === 'header' && line.header.time !== null && /^\d{4}-/.test(line.header.time) ? [line.header.time] : []));
  if (times.length < MIN_DATED_LINES) return false;
  let backwards = 0;
  let forwards = 0;
  for (let at = 1; at < times.length; at += 1) {
    if (times[at]! < times[at - 1]!) backwards += 1;
    else if (times[at]! > times[at - 1]!) forwards += 1;
  }
  return backwards > forwards;
};

/**
 * The entries of a newest-first text in time order. An entry is a header line with the lines that
 * follow it up to the next header (a viewer keeps one entry's lines in their order); lines before
 * the first header stay first.
 */
export const oldestFirst = (text: string): string => {
  const lines = text.split('\n');
  const trailingNewline = lines[lines.length - 1] === '';
  if (trailingNewline) lines.pop();
  const entries: string[][] = [];
  const lead: string[] = [];
  for (const line of lines) {
    if (parseLine(line).kind === 'header') entries.push([line]);
    else (entries[entries.length - 1] ?? lead).push(line);
  }
  return [...lead, ...entries.reverse().flat()].join('\n') + (trailingNewline ? '\n' : '');
};

/** `text` in time order: as it is, or with its entries reversed when it was pasted newest first. */
export const inTimeOrder = (text: string): { readonly text: string; readonly reversed: boolean } => {
  const reversed = isNewestFirst(text.split('\n').map(parseLine));
  return { text: reversed ? oldestFirst(text) : text, reversed };
};
