import { z } from 'zod';

/**
 * The `analyze --json` contract. Tools depend on this shape: extend it only by adding fields.
 * The schema documents it and lets tests (and consumers) validate real output against it.
 */
const nullableNumber = z.number().nullable();

export const statusReportSchema = z.object({
  node: z.string().nullable(),
  rabbitmqVersion: z.string().nullable(),
  erlangVersion: z.string().nullable(),
  uptimeSeconds: nullableNumber,
  memory: z.object({ totalBytes: nullableNumber, limitBytes: nullableNumber, breakdown: z.record(z.string(), z.number()) }),
  alarms: z.array(z.string()).nullable(),
  fileDescriptors: z.object({ used: nullableNumber, limit: nullableNumber }),
  disk: z.object({ freeBytes: nullableNumber, limitBytes: nullableNumber }),
});

export const clusterReportSchema = z.object({
  node: z.string().nullable(),
  clusterName: z.string().nullable(),
  discNodes: z.array(z.string()),
  ramNodes: z.array(z.string()),
  runningNodes: z.array(z.string()),
  partitions: z.array(z.object({ node: z.string(), cannotSee: z.array(z.string()) })),
  alarms: z.array(z.object({ node: z.string(), alarms: z.array(z.string()) })).nullable(),
});

export const findingReportSchema = z.object({
  signature: z.string().regex(/^[a-z0-9-]+$/),
  severity: z.enum(['critical', 'warning', 'info']),
  count: z.number().int().positive(),
  firstLine: z.number().int().positive().nullable(),
  lastLine: z.number().int().positive().nullable(),
  firstTime: z.string().nullable(),
  lastTime: z.string().nullable(),
  node: z.string().nullable(),
  subject: z.record(z.string(), z.string()),
  summary: z.string().min(1),
  state: z.enum(['active', 'cleared']),
  clearedLine: z.number().int().positive().nullable(),
  clearedTime: z.string().nullable(),
  /** Where to read what to do: the project's guide section and, when there is one, the RabbitMQ docs page. */
  remediation: z.object({ guide: z.string().regex(/^docs\/remediation\.md#[a-z0-9-]+$/), docs: z.string().url().nullable() }).optional(),
  /** Only for findings made of repeats (`node-restart-loop`): downs, returns, mean seconds between downs. */
  cycle: z.object({ downs: z.number().int().positive(), returns: z.number().int().nonnegative(), intervalSeconds: z.number().nonnegative().nullable() }).optional(),
  nulRun: z.object({ bytes: z.number().int().positive(), offset: z.number().int().nonnegative(), rendering: z.enum(['bytes', 'caret']) }).optional(),
});

export const inputReportSchema = z.object({
  source: z.string(),
  kind: z.enum(['status', 'cluster_status', 'log', 'unknown']),
  status: statusReportSchema.nullable(),
  cluster: clusterReportSchema.nullable(),
  findings: z.array(findingReportSchema),
  /** Present only when the input was not UTF-8 and was re-encoded before analysis. */
  encoding: z.enum(['utf-16le', 'utf-16be', 'utf-32le', 'utf-32be']).optional(),
  /** Present only when the input could not be analyzed (empty, binary, unreadable). */
  error: z.string().optional(),
});

/** What one node of a support bundle saw of another going down, from its log or its cluster_status. */
export const downSightingSchema = z.object({
  observer: z.string(),
  node: z.string(),
  via: z.enum(['log', 'cluster_status']),
  firstTime: z.string().nullable(),
  lastTime: z.string().nullable(),
  count: z.number().int().positive(),
  state: z.enum(['active', 'cleared']),
});

/** One report across the nodes of a support bundle (`analyze DIR | FILE.tar.gz`). */
export const bundleReportSchema = z.object({
  source: z.string(),
  nodes: z.array(
    z.object({
      node: z.string(),
      host: z.string().nullable(),
      inputs: z.array(z.string()),
      /** The node's own critical findings, from its own files, earliest first. */
      problems: z.array(z.object({ signature: z.string(), firstTime: z.string().nullable(), count: z.number().int().positive() })),
    }),
  ),
  /** Nodes in the order they were first seen down by a peer's log: the first went first. */
  downOrder: z.array(z.object({ node: z.string(), firstTime: z.string().nullable(), seenBy: z.array(z.string()) })),
  sightings: z.array(downSightingSchema),
  /** The correlated story in sentences, each with the signature it rests on. */
  conclusions: z.array(z.object({ signature: z.string(), nodes: z.array(z.string()), summary: z.string().min(1) })),
});

export const analysisReportSchema = z.object({
  inputs: z.array(inputReportSchema),
  /** Present when a directory or tarball was analyzed as one support bundle. */
  bundles: z.array(bundleReportSchema).optional(),
});

export type StatusReport = z.infer<typeof statusReportSchema>;
export type ClusterReport = z.infer<typeof clusterReportSchema>;
export type InputReport = z.infer<typeof inputReportSchema>;
export type AnalysisReport = z.infer<typeof analysisReportSchema>;
export type BundleReport = z.infer<typeof bundleReportSchema>;
export type DownSighting = z.infer<typeof downSightingSchema>;
export type InputKind = InputReport['kind'];
