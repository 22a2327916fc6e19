import { cleanPaste } from './clean-paste';

export interface RabbitVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** As printed, e.g. "3.10.8" or "3.7.0-rc.1". */
  readonly text: string;
}

const VERSION = String.raw`(\d+)\.(\d+)(?:\.(\d+))?((?:[-+][0-9A-Za-z.+-]*)?)`;
/** Where a version appears in the outputs this bot reads, most explicit first. */
const VERSION_SOURCES: readonly RegExp[] = [
  new RegExp(String.raw`RabbitMQ version: ${VERSION}`),
  new RegExp(String.raw`"rabbitmq_version"\s*:\s*"${VERSION}"`),
  new RegExp(String.raw`\{rabbit,\s*"RabbitMQ",\s*"${VERSION}"\}`),
  new RegExp(String.raw`\bRabbitMQ ${VERSION} on Erlang`),
  // `rabbitmqctl version` prints the bare version on a line of its own.
  new RegExp(String.raw`^\s*${VERSION}\s*$`, 'm'),
];

function fromMatch(match: RegExpExecArray): RabbitVersion {
  const [, major, minor, patch, suffix] = match;
  const text = `${major}.${minor}${patch === undefined ? '' : `.${patch}`}${suffix ?? ''}`;
  return { major: Number(major), minor: Number(minor), patch: Number(patch ?? 0), text };
}

/** Finds the RabbitMQ version in `rabbitmqctl version` output or in a status in any format. */
export function parseRabbitVersion(text: string): RabbitVersion | null {
  const clean = cleanPaste(text);
  for (const source of VERSION_SOURCES) {
    const match = source.exec(clean);
    if (match) return fromMatch(match);
  }
  return null;
}

function toVersion(version: RabbitVersion | string): RabbitVersion | null {
  if (typeof version !== 'string') return version;
  const match = new RegExp(`^\\s*${VERSION}\\s*$`).exec(version);
  return match ? fromMatch(match) : null;
}

/** Orders by major, minor, patch; pre-release and build suffixes are ignored. Null if either is not a version. */
export function compareVersions(a: RabbitVersion | string, b: RabbitVersion | string): -1 | 0 | 1 | null {
  const left = toVersion(a);
  const right = toVersion(b);
  if (left === null || right === null) return null;
  const difference = left.major - right.major || left.minor - right.minor || left.patch - right.patch;
  return difference < 0 ? -1 : difference > 0 ? 1 : 0;
}

/** True from 3.7, where `rabbitmqctl --formatter json` first exists. */
export function supportsJsonFormatter(version: RabbitVersion | string): boolean {
  return (compareVersions(version, '3.7.0') ?? -1) >= 0;
}

/**
 * Which JSON a node prints: 3.7 renders the raw `rabbit:status()` proplist (strings as char-code
 * lists), 3.8+ a structured document with renamed keys. Null when there is no JSON formatter.
 */
export function jsonFormatterFlavour(version: RabbitVersion | string): 'raw-proplist' | 'structured' | null {
  if (!supportsJsonFormatter(version)) return null;
  return (compareVersions(version, '3.8.0') ?? -1) >= 0 ? 'structured' : 'raw-proplist';
}
