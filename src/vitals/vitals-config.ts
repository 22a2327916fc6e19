import { z } from 'zod';

/**
 * The optional `vitals:` key of the bot config: where RabbitMQ keeps its data, and the threshold of
 * every mark. `higher` thresholds mark a value at or above them; `lower` ones at or below them.
 */
const higherIsWorse = (warning: number, critical: number) =>
  z
    .strictObject({ warning: z.number().min(0), critical: z.number().min(0) })
    .refine((t) => t.warning <= t.critical, { error: 'warning must not be above critical' })
    .default({ warning, critical });

const lowerIsWorse = (warning: number, critical: number) =>
  z
    .strictObject({ warning: z.number().min(0), critical: z.number().min(0) })
    .refine((t) => t.warning >= t.critical, { error: 'for this value lower is worse: warning must not be below critical' })
    .default({ warning, critical });

export const vitalsThresholdsSchema = z.strictObject({
  /** 1-minute load divided by the CPU count. */
  loadPerCpu: higherIsWorse(1, 2),
  /** Hypervisor steal: the incident's "host-kernel bug" looked like this from inside the VM. */
  stealPercent: higherIsWorse(5, 20),
  iowaitPercent: higherIsWorse(20, 50),
  memoryAvailablePercent: lowerIsWorse(15, 5),
  swapUsedPercent: higherIsWorse(10, 50),
  diskUsedPercent: higherIsWorse(80, 90),
  /** Retransmitted segments as a share of segments sent between the two samples. */
  retransmitPercent: higherIsWorse(2, 10),
  /** Connections dropped at a full accept queue per second between the two samples. */
  listenDropsPerSecond: higherIsWorse(1, 50),
  closeWaitSockets: higherIsWorse(500, 5_000),
  /** |node clock − bot clock|; past a few seconds, logs of different nodes no longer line up. */
  clockOffsetSeconds: higherIsWorse(1, 10),
  /** A host up for less than this rebooted recently. */
  uptimeMinutes: lowerIsWorse(60, 10),
});

export const vitalsSchema = z.strictObject({
  /** The RabbitMQ data dir whose filesystem `df` reports. */
  dataDir: z.string().regex(/^\/[^\0\n\r]*$/, { error: 'expected an absolute path' }).default('/var/lib/rabbitmq'),
  thresholds: vitalsThresholdsSchema.default(vitalsThresholdsSchema.parse({})),
  /** Kernel warnings younger than this are marked critical, older ones in the ring buffer warning. */
  recentKernelEventMinutes: z.number().int().min(1).default(60),
});

export type VitalsConfig = z.infer<typeof vitalsSchema>;
export type VitalsThresholds = z.infer<typeof vitalsThresholdsSchema>;
export const defaultVitalsConfig: VitalsConfig = vitalsSchema.parse({});
