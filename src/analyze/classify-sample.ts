import { parseLine } from '../logs/line-header';
import type { NodeStatus } from '../rabbit/model';

/** Share of control bytes (NULs aside: a holed log is still a log) above which input is binary. */
const BINARY_SHARE = 0.05;
const LOG_SAMPLE_LINES = 200;

/** Whether the sample looks like binary data (an archive, an image, a core file) rather than text. */
export const looksBinary = (sample: Buffer): boolean => {
  let control = 0;
  let counted = 0;
  // Indexed, not for-of: the iterator costs ~10 ms on 64 KB before the JIT warms, on every input.
  for (let at = 0; at < sample.length; at += 1) {
    const byte = sample[at]!;
    if (byte === 0) continue;
    counted += 1;
    if (byte < 0x20 && byte !== 9 && byte !== 10 && byte !== 13 && byte !== 0x1b) control += 1;
  }
  return counted > 0 && control / counted > BINARY_SHARE;
};

/** Whether any of the first lines carries a RabbitMQ log prefix of some era. */
export const looksLikeLog = (sample: string): boolean =>
  sample
    .split('\n', LOG_SAMPLE_LINES)
    .some((line) => parseLine(line).kind === 'header');

/**
 * Whether a parsed status says anything about a node. The status parser accepts any JSON object,
 * so `cluster_status --formatter json` parses as a status with every field unknown: that is a
 * cluster_status, not a status.
 */
export const hasNodeFacts = (status: NodeStatus): boolean =>
  [
    status.node, status.rabbitmqVersion, status.erlangVersion, status.uptimeSeconds, status.memory.totalBytes,
    status.fileDescriptors.used, status.fileDescriptors.limit, status.disk.freeBytes, status.disk.limitBytes,
  ].some((fact) => fact !== null);
