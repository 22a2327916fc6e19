import type { Argv, ReadCommand } from '../transport/types';

/**
 * The read allowlist of host vitals: one read-only command that gathers a host's vitals in a single
 * SSH round trip, minted as a `ReadCommand` so a node's read runner accepts it. The script is
 * a constant: nothing from chat or config is ever spliced into it. The RabbitMQ data dir (from the
 * config) reaches it only as the positional parameter `$1`, always double-quoted and after `--`, and
 * the whole argv is quoted by `toRemoteCommand` like every other remote command.
 *
 * Every section starts with a marker line so the parser can tell a missing file (empty section) from
 * a missing section (old busybox, killed by the deadline). Counters are read twice, `$2` seconds
 * apart: steal, iowait and retransmits are rates, and a single sample only gives totals since boot;
 * /proc/uptime in each sample measures the real interval, which includes the time df and dmesg took.
 * A `sleep` that takes no fraction (POSIX allows that) falls back to one second.
 * One line, because `toRemoteCommand` refuses line breaks in any word.
 * TCP states are counted on the node with awk so a host with 100k sockets sends a few lines, not MBs.
 */
export const VITALS_SECTION_MARKER = '@@rmq-vitals';

/**
 * How long the node waits between the two counter samples: `/rmq vitals` looks for a full second;
 * the line in `/rmq status` takes a short look, so that it costs one round trip and not one second
 * of a host SSH slot (its rates are noisier, and say so by the interval they carry).
 */
export type VitalsSample = 'full' | 'quick';
export const vitalsSampleSeconds: Readonly<Record<VitalsSample, number>> = { full: 1, quick: 0.2 };

/** Counts sockets per state (4th column, hex) of /proc/net/tcp{,6}, skipping each file's header. */
export const TCP_STATE_COUNT_PROGRAM = 'FNR > 1 { n[$4]++ } END { for (s in n) print s, n[s] }';

const firstSample = ['/proc/uptime', '/proc/loadavg', '/proc/stat', '/proc/meminfo', '/proc/net/snmp', '/proc/net/netstat', '/proc/net/sockstat'];
const secondSample = ['/proc/uptime', '/proc/stat', '/proc/net/snmp', '/proc/net/netstat'];

export const VITALS_SCRIPT = [
  `m() { printf '\\n${VITALS_SECTION_MARKER} %s\\n' "$1"; }`,
  'm clock-start; date +%s.%N',
  `for f in ${firstSample.join(' ')}; do m "1 $f"; cat "$f" 2>&1; done`,
  `m tcp-states; awk '${TCP_STATE_COUNT_PROGRAM}' /proc/net/tcp /proc/net/tcp6 2>&1`,
  'm nproc; nproc 2>&1',
  'm df; df -P -k -- "$1" 2>&1',
  // The ring buffer can be large; its tail holds what matters during an incident.
  'm dmesg; dmesg 2>&1 | tail -n 400',
  'sleep "$2" 2>/dev/null || sleep 1',
  `for f in ${secondSample.join(' ')}; do m "2 $f"; cat "$f" 2>&1; done`,
  'm clock-end; date +%s.%N',
].join('; ');

/** `sh -c SCRIPT NAME DATA_DIR SECONDS`: NAME becomes `$0` (shown in error messages), DATA_DIR `$1`, SECONDS `$2`. */
export function vitalsCommand(dataDir: string, sample: VitalsSample = 'full'): ReadCommand {
  const argv: Argv = ['sh', '-c', VITALS_SCRIPT, 'rmq-vitals', dataDir, String(vitalsSampleSeconds[sample])];
  return { access: 'read', name: 'vitals', argv, queue: 'host-read' } as ReadCommand;
}
