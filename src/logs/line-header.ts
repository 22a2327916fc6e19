/**
 * Recognizes the prefix of one physical log line in every era RabbitMQ has used, after peeling off
 * what transports and pastes put in front of it (journald, docker-compose, kubectl timestamps,
 * quote marks).
 */
export interface LineHeader {
  /** Null for `[level] <pid>` lines, whose time the transport kept apart (`journalctl -o cat`, a paste of messages only). */
  readonly time: string | null;
  readonly level: string;
  readonly pid: string | null;
  /** Text after the prefix; empty for `=ERROR REPORT====` lines, whose message follows. */
  readonly message: string;
  /**
   * Set for 3.9+ lines only: continuation lines of one multi-line message repeat exactly this
   * prefix, so equal keys on adjacent lines mean "same record".
   */
  readonly continuationKey: string | null;
}

export type ParsedLine =
  | { readonly kind: 'header'; readonly header: LineHeader }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'blank' };

const MONTHS: Readonly<Record<string, string>> = {
  Jan: '01', Feb: '02', Mar: '03', Apr: '04', May: '05', Jun: '06',
  Jul: '07', Aug: '08', Sep: '09', Oct: '10', Nov: '11', Dec: '12',
};

// Transport and paste prefixes, tried repeatedly because they stack (a journald line quoted in an issue).
const TRANSPORT_PREFIXES: readonly RegExp[] = [
  /^(?:[A-Z][a-z]{2}|\d{1,2}月) {1,2}\d{1,2} \d{2}:\d{2}:\d{2} \S+ [\w.@/-]+(?:\[\d+\])?: /, // journald short
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{4} \S+ [\w.@/-]+(?:\[\d+\])?: /, // journald short-iso
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z /, // docker logs -t / kubectl --timestamps
  /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} (?=\d{4}-\d{2}-\d{2}[ T]\d{2}:)/, // Docker Desktop's local time before the line's own
  /^[\w.-]+\s*\| /, // docker-compose service column
  /^\[pod\/[^\]]+\] /, // kubectl logs --prefix
  /^[ \t]*(?:> ?)+/, // quoted in an issue or mail
  /^[ \t]*["_]?(?==)/, // stray quote or markdown underscore glued to a report header
  /^[ \t]*"(?=\d{4}-)/, // a pasted line wrapped in double quotes
  /^[ \t]+(?=\d{4}-\d{2}-\d{2} |=[A-Z]+ REPORT)/, // indentation added by the paste
];

const REPORT_HEADER = /^=([A-Z]+) REPORT==== (\d{1,2})-([A-Z][a-z]{2})-(\d{4})::(\d{2}:\d{2}:\d{2}(?:\.\d+)?) ===\s*(.*)$/;
const DATED_HEADER =
  /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:[.,]\d+)?)(Z|[+-]\d{2}:?\d{2})? \[([a-z]+)\[?\]\s*(?:(<\d+\.\d+\.\d+>) ?)?(.*)$/;
const TIME_ONLY_HEADER = /^(\d{2}:\d{2}:\d{2}(?:\.\d+)?) \[([a-z]+)\]\s*(?:(<\d+\.\d+\.\d+>) ?)?(.*)$/;
/** 3.7+ lines without their time: the level and the Erlang pid are the whole prefix. */
const LEVEL_PID_HEADER = /^\[([a-z]+)\[?\] (<\d+\.\d+\.\d+>) ?(.*)$/;

// Pastes mangle level names (`[warn[]`, `[erro[]`); map the stems back to RabbitMQ's levels.
const LEVEL_STEMS: readonly (readonly [string, string])[] = [
  ['warn', 'warning'], ['erro', 'error'], ['crit', 'critical'], ['noti', 'notice'], ['emer', 'emergency'],
];
/** RabbitMQ's own level names, the spelling of nearly every line: they need no stem lookup. */
const LEVELS: ReadonlySet<string> = new Set(['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency']);
const normalizeLevel = (raw: string): string => {
  if (LEVELS.has(raw)) return raw;
  const lower = raw.toLowerCase();
  const stem = LEVEL_STEMS.find(([prefix]) => lower.startsWith(prefix));
  return stem ? stem[1] : lower;
};

export const stripTransportPrefix = (line: string): string => {
  let current = line;
  for (let pass = 0; pass < 4; pass += 1) {
    const before = current;
    for (const prefix of TRANSPORT_PREFIXES) current = current.replace(prefix, '');
    if (current === before) break;
  }
  return current;
};

/** A line in the 3.7+ format as the node wrote it, checked before any prefix is tried: no prefix can precede a match. */
const datedHeader = (dated: RegExpExecArray): ParsedLine => {
  const [, date = '', clock = '', zone, level = '', pid, rest = ''] = dated;
  const time = `${date}T${clock.replace(',', '.')}${zone ?? ''}`;
  const continuationKey = zone ? `${time} ${level} ${pid ?? ''}` : null;
  return { kind: 'header', header: { time, level: normalizeLevel(level), pid: pid ?? null, message: rest, continuationKey } };
};

export const parseLine = (rawLine: string): ParsedLine => {
  const bare = rawLine.charCodeAt(rawLine.length - 1) === 13 ? rawLine.slice(0, -1) : rawLine;
  // Most lines of a node's own log: parsed without trying the ten transport prefixes on them.
  const direct = DATED_HEADER.exec(bare);
  if (direct) return datedHeader(direct);
  const line = stripTransportPrefix(bare);
  if (line.trim() === '') return { kind: 'blank' };
  const report = REPORT_HEADER.exec(line);
  if (report) {
    const [, level = '', day = '', month = '', year = '', clock = '', rest = ''] = report;
    const mm = MONTHS[month];
    const time = mm ? `${year}-${mm}-${day.padStart(2, '0')}T${clock}` : `${day}-${month}-${year}::${clock}`;
    return { kind: 'header', header: { time, level: normalizeLevel(level), pid: null, message: rest, continuationKey: null } };
  }
  const dated = DATED_HEADER.exec(line);
  if (dated) return datedHeader(dated);
  const timeOnly = TIME_ONLY_HEADER.exec(line);
  if (timeOnly) {
    const [, clock = '', level = '', pid, rest = ''] = timeOnly;
    return { kind: 'header', header: { time: clock, level: normalizeLevel(level), pid: pid ?? null, message: rest, continuationKey: null } };
  }
  const levelPid = LEVEL_PID_HEADER.exec(line);
  if (levelPid) {
    const [, level = '', pid = '', rest = ''] = levelPid;
    // Without a time, the repeated level and pid are all that ties a 3.9+ message's lines together.
    return { kind: 'header', header: { time: null, level: normalizeLevel(level), pid, message: rest, continuationKey: `${level} ${pid}` } };
  }
  return { kind: 'text', text: line };
};
