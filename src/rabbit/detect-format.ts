import { cleanPaste } from './clean-paste';
import type { OutputFormat } from './model';
import { TEXT_HEADINGS } from './text-headings';

export type BannerKind = 'status' | 'cluster_status';

export interface DetectedPayload {
  readonly format: OutputFormat;
  /** The cleaned output from the payload's first character to the end of this command's output. */
  readonly payload: string;
  /** The node named by the banner line above the payload (`Status of node rabbit@x ...`). */
  readonly bannerNode: string | null;
}

const BANNERS: Readonly<Record<BannerKind, RegExp>> = {
  status: /^\s*Status of node\s+'?([^'\s]+?)'?\s*(?:\.\.\.)?\s*$/,
  cluster_status: /^\s*Cluster status of node\s+'?([^'\s]+?)'?\s*(?:\.\.\.)?\s*$/,
};
const ANY_BANNER = /^\s*(?:Cluster status|Status) of node\s/;
// `$ rabbitmqctl …`, `root@host:~# rabbitmqctl …`, `rabbit1$ rabbitmqctl …`, `[root@h ~]# …`.
const PROMPT_LINE = /^\s*(?:\S*[#$%>]\s*)?(?:sudo\s+)?(?:rabbitmqctl|rabbitmq-diagnostics|rabbitmq-plugins|rabbitmq-queues|docker|kubectl)\b/;

const TEXT_KEY_LINE =
  /^(?:OS PID|Uptime \(seconds\)|RabbitMQ version|Node name|Erlang configuration|Total memory used|Memory high watermark setting|Free disk space|Low free disk space watermark|Cluster name|Total|Sockets): /;
const TEXT_MEMORY_CATEGORY = /^[a-z_]+: -?\d+(?:\.\d+)? (?:bytes|kb|mb|gb|tb) \(/;

function formatOfLine(line: string): OutputFormat | null {
  const trimmed = line.trim();
  if (TEXT_HEADINGS.has(trimmed) || TEXT_KEY_LINE.test(trimmed) || TEXT_MEMORY_CATEGORY.test(trimmed)) return 'text';
  const opening = /^[[{]\s*(?:[[{]\s*)*(.?)/.exec(trimmed);
  if (!opening) return null;
  const first = opening[1] ?? '';
  if (first === '"') return 'json';
  // An opening bracket alone on its line is pretty-printed JSON; Erlang never breaks after `[{`.
  if (first === '') return trimmed === '{' ? 'json' : null;
  if (/[a-z':\]}]/.test(first)) return 'erlang-terms';
  return null;
}

function payloadEnd(lines: readonly string[], from: number): number {
  for (let index = from + 1; index < lines.length; index += 1) {
    const line = lines[index] as string;
    if (ANY_BANNER.test(line) || PROMPT_LINE.test(line)) return index;
  }
  return lines.length;
}

/**
 * Finds where rabbitmqctl's payload starts in a paste (after prompts, banners, headers and noise)
 * and which of the three output formats it is. With `banner`, only the payload under the first banner
 * of that command is considered when there is one, so the cluster part of a `rabbitmqctl report` is
 * found below the status part, and a paste of several nodes' output yields the one a banner names.
 */
export function detectFormat(raw: string, banner?: BannerKind): DetectedPayload | null {
  const lines = cleanPaste(raw).split('\n');
  const bannerPattern = banner === undefined ? null : BANNERS[banner];
  const bannerIndex = bannerPattern === null ? -1 : lines.findIndex((line) => bannerPattern.test(line));
  const searchFrom = bannerIndex + 1;
  for (let index = searchFrom; index < lines.length; index += 1) {
    const line = lines[index] as string;
    // Past the chosen banner, the next banner starts another command's output.
    if (ANY_BANNER.test(line) && bannerIndex >= 0) return null;
    if (ANY_BANNER.test(line) || PROMPT_LINE.test(line)) continue;
    const format = formatOfLine(line);
    if (format === null) continue;
    const column = format === 'text' ? 0 : line.search(/[[{]/);
    const body = [line.slice(column), ...lines.slice(index + 1, payloadEnd(lines, index))];
    return { format, payload: body.join('\n'), bannerNode: bannerNodeAbove(lines, index, bannerIndex, bannerPattern) };
  }
  return null;
}

function bannerNodeAbove(lines: readonly string[], payloadIndex: number, bannerIndex: number, pattern: RegExp | null): string | null {
  if (pattern !== null && bannerIndex >= 0) return pattern.exec(lines[bannerIndex] as string)?.[1] ?? null;
  for (let index = payloadIndex - 1; index >= 0; index -= 1) {
    const line = lines[index] as string;
    if (line.trim() === '' || PROMPT_LINE.test(line)) continue;
    const match = BANNERS.status.exec(line) ?? BANNERS.cluster_status.exec(line);
    return match?.[1] ?? null;
  }
  return null;
}
