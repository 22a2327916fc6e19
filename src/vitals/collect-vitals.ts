import type { BotConfig, NodeConfig } from '../config/schema';
import { outcomeFailureReason } from '../reply/outcome-reason';
import type { CommandOutcome, NodeReader } from '../transport/types';
import type { HostVitals } from './host-vitals';
import { markVitals, type VitalReading } from './mark-vitals';
import { readHostVitals } from './read-host-vitals';
import { VITALS_SECTION_MARKER, vitalsCommand, type VitalsSample } from './vitals-command';

/** One node's vitals, or why the host did not give them. */
export type NodeVitals =
  | { readonly kind: 'read'; readonly node: string; readonly vitals: HostVitals; readonly readings: readonly VitalReading[]; readonly durationMs: number }
  | { readonly kind: 'failed'; readonly node: string; readonly outcome: Exclude<CommandOutcome['kind'], 'ok'>; readonly reason: string; readonly durationMs: number };

/** One SSH round trip to the node; the clock offset is measured against `nowMs`, the bot's clock. */
export async function collectNodeVitals(reader: NodeReader, node: NodeConfig, config: BotConfig, nowMs: () => number = Date.now, sample: VitalsSample = 'full'): Promise<NodeVitals> {
  const started = performance.now();
  const sentAtSeconds = nowMs() / 1000;
  const outcome = await reader.read(vitalsCommand(config.vitals.dataDir, sample));
  const receivedAtSeconds = nowMs() / 1000;
  const durationMs = Math.round(performance.now() - started);
  if (outcome.kind === 'ok' || outcome.kind === 'command-failed') {
    // The script ends with `date`, so it exits 0; a non-zero exit with our markers in stdout (an odd
    // shell, a dmesg that failed loudly) still carries data worth showing.
    if (outcome.stdout.includes(VITALS_SECTION_MARKER)) {
      const vitals = readHostVitals(outcome.stdout, { sentAtSeconds, receivedAtSeconds });
      return { kind: 'read', node: node.name, vitals, readings: markVitals(vitals, config.vitals), durationMs };
    }
    const reason = outcome.kind === 'ok' ? 'the host answered without any vitals (is sh a POSIX shell there?)' : outcomeFailureReason(outcome);
    return { kind: 'failed', node: node.name, outcome: 'command-failed', reason, durationMs };
  }
  return { kind: 'failed', node: node.name, outcome: outcome.kind, reason: outcomeFailureReason(outcome), durationMs };
}
