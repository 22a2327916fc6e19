import { formatBytes } from '../reply/format';
import { worstMark, type Field } from '../reply/model';
import type { NodeVitals } from '../vitals/collect-vitals';
import type { VitalKey } from '../vitals/mark-vitals';

/** The vitals a status row has room for: is the host starved of CPU (load, the hypervisor's steal), memory or disk? */
const LINE_KEYS: readonly VitalKey[] = ['load', 'steal', 'memory', 'disk'];

/** Pure: one compact field of a node's host vitals, marked with the same thresholds as `/rmq vitals`; a value off its mark says which. */
export function vitalsLine(vitals: NodeVitals | undefined): Field {
  if (vitals === undefined) return { label: 'Host', value: 'asking…', mark: 'pending' };
  if (vitals.kind === 'failed') return { label: 'Host', value: `no vitals: ${vitals.reason}`, mark: 'unknown' };
  const v = vitals.vitals;
  const words: Record<(typeof LINE_KEYS)[number], string> = {
    load: v.load !== null && v.cpuCount !== null ? `load ${(v.load.one / v.cpuCount).toFixed(2)}/CPU` : 'load ?',
    steal: v.cpu !== null ? `steal ${v.cpu.stealPercent.toFixed(1)}%` : 'steal ?',
    memory: v.memory !== null ? `mem avail ${formatBytes(v.memory.availableBytes)}` : 'mem avail ?',
    disk: v.disk !== null ? `disk ${v.disk.usedPercent}% used` : 'disk ?',
  } as Record<VitalKey, string>;
  const readings = vitals.readings.filter((r) => LINE_KEYS.includes(r.key));
  const parts = LINE_KEYS.map((key) => {
    const mark = readings.find((r) => r.key === key)?.mark ?? 'unknown';
    return mark === 'ok' || mark === 'unknown' ? words[key] : `${words[key]} (${mark})`;
  });
  return { label: 'Host', value: parts.join(', '), mark: worstMark(readings.map((r) => r.mark)) };
}
