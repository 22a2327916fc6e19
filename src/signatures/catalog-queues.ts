import { withNodes } from './node-name';
import type { Signature } from './signature';

const queueInVhost = (m: RegExpExecArray) => ({ queue: m[1]!, vhost: m[2]! });

/** Queue, binding and management-plugin signatures. */
export const queueSignatures: readonly Signature[] = [
  {
    id: 'queue-home-node-down',
    severity: 'critical',
    title: 'queue home node down',
    meaning: 'A durable non-mirrored queue is unavailable because its home node is down.',
    likelyCause: 'The node that hosts the queue crashed or is unreachable; durable classic queues do not move to another node.',
    nextStep: 'Bring the home node back (the queue returns with its messages). Evicting it does NOT bring the queue back: forget_cluster_node deletes it.',
    docsUrl: 'https://www.rabbitmq.com/docs/quorum-queues',
    logMatchers: [
      {
        literals: ['home node'],
        pattern: withNodes(String.raw`home node NODE of durable queue '([^']*)' in vhost '([^']*)'`),
        subject: (m) => ({ node: m[1]!, queue: m[2]!, vhost: m[3]! }),
      },
    ],
  },
  {
    id: 'binding-missing',
    severity: 'warning',
    title: 'binding missing',
    meaning: 'queue.bind failed because the binding is missing (same root cause as a down home node when the queue\'s node is down).',
    likelyCause: 'The durable binding belongs to a queue whose home node is down, so it exists on disk but not in the live routing table.',
    nextStep: 'Check the queue\'s home node; bring it back rather than re-declaring the binding elsewhere.',
    logMatchers: [
      {
        literals: ['no binding'],
        pattern: /no binding (\S*) between exchange '([^']*)' in vhost '([^']*)' and queue '([^']*)'/,
        subject: (m) => ({ routingKey: m[1]!, exchange: m[2]!, vhost: m[3]!, queue: m[4]! }),
      },
    ],
  },
  {
    id: 'queue-no-synchronised-mirror',
    severity: 'warning',
    title: 'queue stopped: no synchronised mirror',
    meaning: 'A mirrored classic queue stopped because its master shut down with no synchronised mirror to promote.',
    likelyCause: 'Mirrors were not in sync (ha-sync-mode manual, or a sync still running) when the master\'s node stopped.',
    nextStep: 'Restart the node that held the master; review ha-sync-mode, or move to quorum queues.',
    docsUrl: 'https://www.rabbitmq.com/docs/3.13/ha',
    logMatchers: [
      {
        literals: ['no synchronised mirror', 'no synchronised slave'],
        pattern: /queue '([^']*)' in vhost '([^']*)': Stopping all nodes on master shutdown since no synchronised/,
        subject: queueInVhost,
      },
    ],
  },
  {
    id: 'queue-operation-timeout',
    severity: 'warning',
    title: 'queue operation timed out',
    meaning: 'An operation on a queue failed because the queue process did not answer in time.',
    likelyCause: 'The queue\'s process is stuck, overloaded, or on a node that is hung or partitioned.',
    nextStep: 'Check the queue\'s leader or home node with list_queues and the node\'s health.',
    logMatchers: [
      { literals: ['due to timeout'], pattern: /operation on queue '([^']*)' in vhost '([^']*)' due to timeout/, subject: queueInVhost },
      { literals: ['queue(s) are unresponsive'], pattern: /queue\(s\) are unresponsive/ },
    ],
  },
  {
    id: 'quorum-leader-election',
    severity: 'info',
    title: 'quorum queue leader election',
    meaning: 'Raft leader elections for quorum queues: churn while a member node is away or returns.',
    likelyCause: 'A node holding quorum queue members went down, came back, or its link blipped.',
    nextStep: 'Nothing if leaders settle; if a queue stays leaderless check rabbitmq-queues quorum_status.',
    docsUrl: 'https://www.rabbitmq.com/docs/quorum-queues',
    logMatchers: [
      {
        literals: ['granting vote for', 'detected a new leader', 'candidate -> leader'],
        pattern: /queue '([^']*)' in vhost '([^']*)': (?:granting vote for|detected a new leader|candidate -> leader)/,
        subject: queueInVhost,
      },
      { literals: ['granting vote for', 'detected a new leader', 'candidate -> leader'], pattern: /granting vote for|detected a new leader|candidate -> leader/ },
    ],
  },
  {
    id: 'management-unresponsive',
    severity: 'warning',
    title: 'management plugin failing',
    meaning: 'The management plugin or its statistics database is failing or lagging.',
    likelyCause: 'The stats DB is overloaded (too many objects or events), its node is down or partitioned, or the plugin could not start.',
    nextStep: 'Restart the stats DB on the node that hosts it, with a timeout on the CLI call.',
    docsUrl: 'https://www.rabbitmq.com/docs/management',
    logMatchers: [
      {
        literals: ['management statistics database', 'could_not_start,rabbitmq_management', 'rabbit_mgmt_storage'],
        pattern: /management statistics database currently has a queue of|could_not_start,\s*rabbitmq_management|\{badrpc,[\s\S]{0,800}?rabbit_mgmt_/,
      },
    ],
  },
];
