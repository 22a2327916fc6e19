import type { Signature } from './signature';

/** Client connection signatures: noise alone, a symptom when they burst next to a node failure. */
export const connectionSignatures: readonly Signature[] = [
  {
    id: 'connection-network-error',
    severity: 'warning',
    title: 'client connections failing on the network',
    meaning: 'Client connections are dying on the network.',
    likelyCause: 'The network path to clients failed, or clients were connected through a node or link that went away.',
    nextStep: 'Correlate with node-down findings at the same time; otherwise check load balancers and the client network.',
    docsUrl: 'https://www.rabbitmq.com/docs/networking',
    logMatchers: [
      {
        literals: ['enotconn', 'etimedout', 'send_failed', 'econnreset'],
        pattern: /\benotconn\b|\betimedout\b|\{writer,\s*send_failed|\beconnreset\b/,
      },
    ],
  },
  {
    id: 'missed-heartbeats',
    severity: 'warning',
    title: 'missed heartbeats',
    meaning: 'Clients stopped answering heartbeats.',
    likelyCause: 'Client process stalled (GC, CPU) or the network between client and broker dropped packets.',
    nextStep: 'Check client liveness and the network; do not lower the heartbeat further.',
    docsUrl: 'https://www.rabbitmq.com/docs/heartbeats',
    logMatchers: [{ literals: ['missed heartbeats', 'heartbeat_timeout'], pattern: /missed heartbeats|heartbeat_timeout/ }],
  },
  {
    id: 'handshake-timeout',
    severity: 'info',
    title: 'AMQP handshake timeout',
    meaning: 'A client opened TCP but never completed the AMQP handshake.',
    likelyCause: 'Port scanners, health checks that only open TCP, or TLS/plain mismatches.',
    nextStep: 'Nothing unless it bursts; then find the source address in the record.',
    logMatchers: [{ literals: ['handshake_timeout'], pattern: /handshake_timeout/ }],
  },
  {
    id: 'connection-closed-abruptly',
    severity: 'info',
    title: 'connection closed abruptly',
    meaning: 'A client closed TCP without an AMQP close (noise unless it bursts).',
    likelyCause: 'Client processes that exit without closing, or proxies that drop idle connections.',
    nextStep: 'Nothing unless it bursts next to other findings.',
    docsUrl: 'https://www.rabbitmq.com/docs/logging',
    logMatchers: [{ literals: ['unexpectedly closed TCP connection'], pattern: /unexpectedly closed TCP connection/ }],
  },
];
