import type { Severity } from '../signatures/signature';

/** A queue a diagnosis is about, with what is known of it (null: not known, never guessed). */
export interface AffectedQueue {
  readonly name: string;
  readonly vhost: string | null;
  readonly homeNode: string | null;
  readonly messages: number | null;
}

/** What `list_queues` told us about a queue, when the caller could ask. */
export interface QueueFacts {
  readonly name: string;
  readonly vhost: string;
  readonly node: string | null;
  readonly durable: boolean | null;
  readonly messages: number | null;
}

/** One explained cause, ranked: what happened, to what, and the choices with their consequences. */
export interface Diagnosis {
  readonly kind: 'durable-queues-unavailable' | 'node-removed-while-away' | 'network-partition' | 'node-down' | 'node-not-answering' | 'finding';
  /** Higher first; ties keep input order. */
  readonly rank: number;
  readonly severity: Severity;
  readonly title: string;
  readonly explanation: string;
  readonly nodes: readonly string[];
  readonly queues: readonly AffectedQueue[];
  /** Partition sides, for `network-partition` only. */
  readonly sides?: readonly (readonly string[])[];
  readonly actions: readonly string[];
  /** Signature ids the diagnosis rests on. */
  readonly evidence: readonly string[];
}
