import { z } from 'zod';
import type { Button } from '../reply/model';

export const LOGS_SHOW_ACTION = 'logs.show';

const logsButtonValue = z.strictObject({ cluster: z.string(), node: z.string() });
export type LogsButtonValue = z.infer<typeof logsButtonValue>;

/** "Show logs of X": the button carries the cluster and node, resolved against the config again on click. */
export const logsButton = (cluster: string, node: string): Button => ({
  actionId: LOGS_SHOW_ACTION,
  label: `Show logs of ${node.slice(0, node.indexOf('@'))}`,
  value: JSON.stringify({ cluster, node } satisfies LogsButtonValue),
});

/** The button's value, or null when it is not one this version wrote. */
export function readLogsButtonValue(value: string): LogsButtonValue | null {
  try {
    const parsed = logsButtonValue.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
