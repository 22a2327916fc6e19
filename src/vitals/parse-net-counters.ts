/**
 * `/proc/net/snmp` and `/proc/net/netstat` share one layout: pairs of lines, a header naming the
 * counters and a line of values, both prefixed with the table name (`Tcp:`, `TcpExt:`). Counters
 * are read by name, never by position: kernels add columns over time.
 */
export type NetCounters = ReadonlyMap<string, number>;

export function parseNetCounters(text: string): NetCounters {
  const counters = new Map<string, number>();
  const lines = text.split('\n').filter((l) => /^\w+:/.test(l));
  for (let i = 0; i + 1 < lines.length; i++) {
    const header = (lines[i] as string).split(/\s+/);
    const values = (lines[i + 1] as string).split(/\s+/);
    const table = header[0];
    if (table === undefined || values[0] !== table || header.slice(1).some((w) => /^-?\d+$/.test(w))) continue;
    header.slice(1).forEach((name, j) => {
      const value = values[j + 1];
      if (value !== undefined && /^-?\d+$/.test(value)) counters.set(`${table.slice(0, -1)}.${name}`, Number(value));
    });
    i++;
  }
  return counters;
}

export interface SocketSummary {
  readonly tcpInUse: number | null;
  readonly orphans: number | null;
  readonly timeWait: number | null;
}

/** `/proc/net/sockstat`: `TCP: inuse 35 orphan 0 tw 4 alloc 59 mem 22`. */
export function parseSockstat(text: string): SocketSummary | null {
  const line = text.split('\n').find((l) => l.startsWith('TCP:'));
  if (line === undefined) return null;
  const words = line.split(/\s+/).slice(1);
  const field = (name: string): number | null => {
    const at = words.indexOf(name);
    const value = at === -1 ? undefined : words[at + 1];
    return value !== undefined && /^\d+$/.test(value) ? Number(value) : null;
  };
  return { tcpInUse: field('inuse'), orphans: field('orphan'), timeWait: field('tw') };
}

/** The TCP states as the kernel numbers them (include/net/tcp_states.h), in hex as /proc/net/tcp prints them. */
const TCP_STATE_NAMES: Readonly<Record<string, string>> = {
  '01': 'ESTABLISHED',
  '02': 'SYN_SENT',
  '03': 'SYN_RECV',
  '04': 'FIN_WAIT1',
  '05': 'FIN_WAIT2',
  '06': 'TIME_WAIT',
  '07': 'CLOSE',
  '08': 'CLOSE_WAIT',
  '09': 'LAST_ACK',
  '0A': 'LISTEN',
  '0B': 'CLOSING',
  '0C': 'NEW_SYN_RECV',
};

/** The `STATE COUNT` lines of TCP_STATE_COUNT_PROGRAM, summed over IPv4 and IPv6, by state name. */
export function parseTcpStateCounts(text: string): Readonly<Record<string, number>> | null {
  const counts: Record<string, number> = {};
  let seen = false;
  for (const line of text.split('\n')) {
    const match = /^([0-9A-Fa-f]{2})\s+(\d+)$/.exec(line.trim());
    if (!match) continue;
    const name = TCP_STATE_NAMES[(match[1] as string).toUpperCase()] ?? `state ${match[1]}`;
    counts[name] = (counts[name] ?? 0) + Number(match[2]);
    seen = true;
  }
  return seen ? counts : null;
}
