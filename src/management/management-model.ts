import { z } from 'zod';

/**
 * The parts of the management API's JSON the bot reads, one schema per endpoint. Every field is
 * optional: 3.2–3.6 lack object totals and churn rates, and a stats DB that is behind leaves
 * rates out. Unknown fields are ignored so newer versions keep parsing.
 */
const rate = z.object({ rate: z.number() }).partial();

export const overviewSchema = z.object({
  management_version: z.string(),
  rabbitmq_version: z.string(),
  cluster_name: z.string(),
  node: z.string(),
  message_stats: z
    .object({ publish_details: rate, deliver_get_details: rate, ack_details: rate, redeliver_details: rate })
    .partial(),
  queue_totals: z.object({ messages: z.number(), messages_ready: z.number(), messages_unacknowledged: z.number() }).partial(),
  object_totals: z.object({ connections: z.number(), channels: z.number(), queues: z.number(), consumers: z.number() }).partial(),
  churn_rates: z.object({ connection_created_details: rate, connection_closed_details: rate, channel_created_details: rate, channel_closed_details: rate }).partial(),
}).partial();

export type Overview = z.infer<typeof overviewSchema>;

/** `/api/nodes/NODE/memory` (3.6+): bytes by category; `total` is an object there, not a number. */
export const nodeMemorySchema = z.object({ memory: z.record(z.string(), z.unknown()) });

/** The numeric categories of a memory breakdown, `plugins` included even when negative. */
export function memoryCategories(parsed: z.infer<typeof nodeMemorySchema>): Readonly<Record<string, number>> {
  return Object.fromEntries(Object.entries(parsed.memory).filter((entry): entry is [string, number] => typeof entry[1] === 'number'));
}

/** `/api/health/checks/*` (3.8.10+): 200 with `{status: "ok"}`, 503 with `{status: "failed", reason}`. */
export const healthCheckSchema = z.object({ status: z.string(), reason: z.string().optional() });

export interface HealthCheck {
  readonly check: string;
  readonly state: 'ok' | 'failed' | 'not-in-this-version';
  readonly reason: string | null;
}

/**
 * One entry of `/api/nodes`: every member of the cluster as the asked node sees it. A member that
 * is down is listed with `running: false` and none of the figures, so every figure is optional.
 */
const apiNodeSchema = z.object({
  name: z.string(),
  type: z.enum(['disc', 'ram']).optional(),
  running: z.boolean(),
  partitions: z.array(z.string()).optional(),
  mem_used: z.number().optional(),
  mem_limit: z.number().optional(),
  mem_alarm: z.boolean().optional(),
  disk_free: z.number().optional(),
  disk_free_limit: z.number().optional(),
  disk_free_alarm: z.boolean().optional(),
  fd_used: z.number().optional(),
  fd_total: z.number().optional(),
  sockets_used: z.number().optional(),
  sockets_total: z.number().optional(),
  proc_used: z.number().optional(),
  proc_total: z.number().optional(),
  /** Milliseconds. */
  uptime: z.number().optional(),
  applications: z.array(z.object({ name: z.string(), version: z.string() })).optional(),
});

export const apiNodesSchema = z.array(apiNodeSchema);

export type ApiNode = z.infer<typeof apiNodeSchema>;
