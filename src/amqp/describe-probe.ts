import { formatMs } from '../reply/format';
import type { StatusMark } from '../reply/model';
import type { AmqpEndpoint, CanaryOutcome, ConnectFailure, QueueOutcome } from './probe-result';

export const describeEndpoint = (endpoint: AmqpEndpoint): string => `${endpoint.host}:${endpoint.port}`;

/** Each failure names the fix a responder can try. */
export function describeConnectFailure(failure: ConnectFailure): string {
  switch (failure.kind) {
    case 'refused':
      return 'connection refused: nothing listens on this port (RabbitMQ down, or the wrong port)';
    case 'reset':
      return 'connection reset during the handshake: the broker is crashing, restarting or refusing load';
    case 'timeout':
      return `no AMQP handshake within ${formatMs(failure.afterMs)}: the host is silent or overloaded (a hung node, or a firewall dropping packets)`;
    case 'auth-failed':
      return 'login refused: check the configured username and password secret';
    case 'vhost-refused':
      return `the broker refused vhost "${failure.vhost}": it does not exist on this cluster (check amqp.vhosts, or create it) or user "${failure.username}" has no permissions on it (rabbitmqctl set_permissions)`;
    case 'password-unavailable':
      return `the AMQP password could not be read: ${failure.reason}`;
    case 'other':
      return failure.message;
  }
}

export function describeQueueOutcome(outcome: QueueOutcome): { readonly text: string; readonly mark: StatusMark } {
  switch (outcome.kind) {
    case 'available':
      return { text: `available: ${outcome.messages} messages, ${outcome.consumers} consumers`, mark: 'ok' };
    case 'home-node-down':
      return { text: outcome.message, mark: 'critical' };
    case 'not-found':
      return { text: outcome.message, mark: 'critical' };
    case 'timeout':
      return { text: `no answer to the passive declare within ${formatMs(outcome.afterMs)}`, mark: 'critical' };
    case 'failed':
      return { text: outcome.message, mark: 'critical' };
  }
}

export function describeCanary(canary: CanaryOutcome): { readonly text: string; readonly mark: StatusMark } {
  switch (canary.kind) {
    case 'round-trip':
      return { text: `publish → consume round trip ${canary.roundTripMs} ms`, mark: 'ok' };
    case 'blocked':
      return { text: `publishing blocked by a resource alarm: ${canary.reason}`, mark: 'critical' };
    case 'timeout':
      return { text: `the canary message did not come back within ${formatMs(canary.afterMs)}`, mark: 'critical' };
    case 'failed':
      return { text: `canary failed: ${canary.message}`, mark: 'critical' };
  }
}
