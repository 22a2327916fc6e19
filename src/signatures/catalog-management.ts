import type { Signature } from './signature';

/** The management API as the bot probes it (`/rmq management`): raised from the probe, never from log lines. */
export const managementSignatures: readonly Signature[] = [
  {
    id: 'management-silent-broker-up',
    severity: 'warning',
    title: 'management API does not answer, the broker does',
    meaning:
      'The management UI and HTTP API give no answer while rabbitmqctl says the broker runs: messages still flow, only the statistics and the UI are gone. ' +
      'On 3.2–3.6 one node\'s stats database (rabbit_mgmt_db) collects the events of the whole cluster; under load or after a node loss it falls behind, ' +
      'grows huge (the negative "plugins" memory of the incident) and stops answering.',
    likelyCause: 'An overloaded stats database (3.2–3.6), the management plugin disabled or crashed, or its listener on another port.',
    nextStep:
      'Do not restart or evict the node for this. Use `/rmq status` (rabbitmqctl) meanwhile; restart only the management plugin on the node holding the stats DB, ' +
      'under a timeout, or raise collect_statistics_interval; 3.7+ keeps statistics per node.',
    logMatchers: [],
  },
  {
    id: 'management-health-check-failed',
    severity: 'warning',
    title: 'management health check failed',
    meaning: 'One of the API\'s own health checks (/api/health/checks/…) reports a failure on the node.',
    likelyCause: 'An alarm in effect, a stopped virtual host, or a quorum queue that would lose its majority without this node.',
    nextStep: 'Read the check\'s reason beside it; do not stop or restart the node while node-is-quorum-critical fails.',
    logMatchers: [],
  },
];
