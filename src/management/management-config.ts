import { z } from 'zod';
import type { SecretRef } from '../config/schema';

/**
 * The optional `management:` key: how the bot reaches each node's management API through the node's
 * SSH connection. The API is asked on the node's own loopback, so it needs no open port; the
 * password is a secret reference like every other secret. Built from the config's own secret schema,
 * passed in, because schema.ts imports this module.
 */
export const buildManagementSchema = (secretRef: z.ZodType<SecretRef>) =>
  z.strictObject({
    user: z.string().min(1).max(128),
    password: secretRef,
    /** The port the API listens on, on every node's loopback. */
    port: z.number().int().min(1).max(65_535).default(15_672),
    /** Nodes whose API listens elsewhere (several nodes on one host, as in the lab). */
    nodePorts: z.record(z.string(), z.number().int().min(1).max(65_535)).default({}),
    /** One probe of one node, every request included. */
    deadlineMs: z.number().int().min(100).max(60_000).default(5_000),
  });

export type ManagementConfig = z.infer<ReturnType<typeof buildManagementSchema>>;

export const managementPortOf = (config: ManagementConfig, node: string): number => config.nodePorts[node] ?? config.port;
