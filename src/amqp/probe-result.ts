/**
 * What an AMQP probe found, as values: a probe never throws, so a dead or silent endpoint is a
 * result like any other and cannot take the bot down.
 */
export interface AmqpEndpoint {
  readonly host: string;
  readonly port: number;
}

/** Why a client could not open a connection, in the terms a responder acts on. */
export type ConnectFailure =
  | { readonly kind: 'refused' }
  /** The peer dropped the connection during the handshake: a broker crashing, restarting or shedding load. */
  | { readonly kind: 'reset' }
  | { readonly kind: 'timeout'; readonly afterMs: number }
  | { readonly kind: 'auth-failed' }
  /** The broker closed the connection in answer to opening the vhost: it does not exist, or the user has no permissions on it. */
  | { readonly kind: 'vhost-refused'; readonly vhost: string; readonly username: string }
  | { readonly kind: 'password-unavailable'; readonly reason: string }
  | { readonly kind: 'other'; readonly message: string };

export interface ConnectedServer {
  /** `cluster_name` from the server's connection properties: which cluster answered. */
  readonly clusterName: string | null;
  readonly product: string | null;
  readonly version: string | null;
}

/** A passive declare, as a client that depends on the queue would make it. */
export type QueueOutcome =
  | { readonly kind: 'available'; readonly messages: number; readonly consumers: number }
  | { readonly kind: 'home-node-down'; readonly node: string; readonly message: string }
  | { readonly kind: 'not-found'; readonly message: string }
  | { readonly kind: 'timeout'; readonly afterMs: number }
  | { readonly kind: 'failed'; readonly message: string };

export interface QueueCheck {
  readonly vhost: string;
  readonly name: string;
  readonly outcome: QueueOutcome;
}

/** Temporary exclusive queue, publish, consume: the whole client path, timed. */
export type CanaryOutcome =
  | { readonly kind: 'round-trip'; readonly roundTripMs: number }
  /** Publishing is blocked by a resource alarm (the broker's reason, e.g. "low on disk"). */
  | { readonly kind: 'blocked'; readonly reason: string }
  | { readonly kind: 'timeout'; readonly afterMs: number }
  | { readonly kind: 'failed'; readonly message: string };

export type VhostProbe =
  | { readonly vhost: string; readonly kind: 'unreachable'; readonly failure: ConnectFailure }
  | {
      readonly vhost: string;
      readonly kind: 'connected';
      readonly server: ConnectedServer;
      readonly connectMs: number;
      readonly canary: CanaryOutcome;
      readonly queues: readonly QueueCheck[];
      /** Set when the broker told this connection it is blocked at any time during the probe. */
      readonly blocked: string | null;
    };

export interface EndpointProbe {
  readonly endpoint: AmqpEndpoint;
  readonly vhosts: readonly VhostProbe[];
}

export interface ClusterProbe {
  readonly cluster: string;
  readonly endpoints: readonly EndpointProbe[];
}
