import { NO_SIGHTING } from '../signatures/finding';
import type { FindingCollector } from '../signatures/finding-collector';
import type { HostVitals } from './host-vitals';
import { isBeamProcess } from './kernel-events';
import type { VitalKey, VitalReading } from './mark-vitals';

/** A marked value raises its finding when it is at least a warning. */
const findingOfReading: Partial<Record<VitalKey, string>> = {
  uptime: 'host-rebooted',
  load: 'host-high-load',
  steal: 'host-cpu-steal',
  iowait: 'host-iowait',
  memory: 'host-memory-low',
  swap: 'host-memory-low',
  disk: 'host-disk-nearly-full',
  retransmits: 'host-tcp-retransmit-storm',
  'listen-drops': 'host-listen-drops',
  clock: 'host-clock-skew',
};

/** Findings of one host's vitals, for the catalog's words and for `/rmq diagnose`. */
export function collectVitalsFindings(node: string, vitals: HostVitals, readings: readonly VitalReading[], collector: FindingCollector): void {
  const subject = { node };
  for (const reading of readings) {
    const id = findingOfReading[reading.key];
    if (id !== undefined && (reading.mark === 'warning' || reading.mark === 'critical')) collector.raise(id, subject, NO_SIGHTING);
  }
  if (vitals.kernel?.kind !== 'read') return;
  for (const event of vitals.kernel.events) {
    if (event.kind === 'oom-kill' && isBeamProcess(event.subject)) collector.raise('host-oom-killed-beam', subject, NO_SIGHTING);
    else if (event.kind === 'nic-reset') collector.raise('host-nic-reset', subject, NO_SIGHTING);
    else if (event.kind !== 'oom-kill' && event.kind !== 'clocksource-unstable') collector.raise('host-kernel-stall', subject, NO_SIGHTING);
  }
}
