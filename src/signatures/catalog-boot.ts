import { withNodes } from './node-name';
import type { Signature } from './signature';

/** Nodes that never join, or never finish booting, for reasons of their own. */
export const bootSignatures: readonly Signature[] = [
  {
    id: 'cluster-formation-failed',
    severity: 'critical',
    title: 'cluster never formed',
    meaning: 'Peer discovery found peers but the node could not join any of them, so it runs alone (or retries) instead of forming the cluster.',
    likelyCause: 'Peers not reachable yet (DNS, distribution port, cookie) when the node booted, or nodes forming a new cluster in parallel picked each other before any had tables.',
    nextStep: 'Compare cluster_status on every node: if each lists only itself, fix reachability (hostname, ports 4369/25672, cookie), then reset the lone nodes and join them to one seed.',
    docsUrl: 'https://www.rabbitmq.com/docs/cluster-formation',
    logMatchers: [
      { literals: ['Could not auto-cluster'], pattern: withNodes(String.raw`Could not auto-cluster with node NODE`), subject: (m) => ({ peer: m[1]! }) },
      { literals: ['Could not successfully contact any node'], pattern: /Could not successfully contact any node of/ },
    ],
  },
  {
    id: 'ra-coordination-failed',
    severity: 'critical',
    title: 'metadata store (Ra/Khepri) failed',
    meaning: 'The Ra "coordination" system that holds the Khepri metadata store and the stream coordinator crashed or timed out, so the node cannot boot (3.13/4.x).',
    likelyCause: 'A damaged or unreadable Ra WAL/data directory after an unclean stop, a disk too slow or full, or Khepri enabled on a node that cannot reach a quorum of its peers.',
    nextStep: 'Check the data dir\'s disk (space, latency, permissions) and whether a majority of members is up; do not delete the coordination directory without a backup.',
    docsUrl: 'https://www.rabbitmq.com/docs/metadata-store',
    logMatchers: [
      { literals: ['Failed to start Ra system'], pattern: /Failed to start Ra system "\w{1,40}"/ },
      {
        literals: ['reached_max_restart_intensity'],
        pattern: /reached_max_restart_intensity[\s\S]{0,200}?\{id,\s?rabbitmq_metadata\}/,
      },
      { literals: ['gen_batch_server'], pattern: /\{timeout,\s?\{gen_batch_server,call,\s?\[ra_\w{0,40}log_meta/ },
    ],
  },
  {
    id: 'cookie-file-unreadable',
    severity: 'critical',
    title: 'Erlang cookie file unreadable',
    meaning: 'The node (or CLI) could not read or create its .erlang.cookie, so Erlang distribution did not start and the node cannot boot.',
    likelyCause: 'The cookie file or its directory belongs to another user (often root after a manual run or a volume mounted with other ownership).',
    nextStep: 'chown the cookie to the user RabbitMQ runs as and chmod 400 it (ls -l ~rabbitmq/.erlang.cookie), then start the node again.',
    docsUrl: 'https://www.rabbitmq.com/docs/clustering',
    logMatchers: [
      {
        literals: ['.erlang.cookie'],
        pattern: /(?:Error when reading|Failed to create cookie file) '?[^'":]{0,300}\.erlang\.cookie'?: eacces/,
      },
    ],
  },
];
