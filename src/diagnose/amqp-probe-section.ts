import { probeBlocks } from '../amqp/probe-reply';
import type { ClusterProbe, QueueCheck } from '../amqp/probe-result';
import { worstMark, type Block, type Reply } from '../reply/model';
import { factsOfKind, type Fact } from '../snapshot/fact';

type HomeNodeDown = QueueCheck & { readonly outcome: { readonly kind: 'home-node-down' } };

/** Each critical queue that answers clients with the home-node error, once, whichever endpoint said it. */
function homeNodeErrors(probe: ClusterProbe): HomeNodeDown[] {
  const all = probe.endpoints.flatMap((e) => e.vhosts.flatMap((v) => (v.kind === 'connected' ? v.queues : [])));
  const seen = new Set<string>();
  return all.filter((q): q is HomeNodeDown => {
    const key = JSON.stringify([q.vhost, q.name]);
    if (q.outcome.kind !== 'home-node-down' || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Ties what clients see to what the survivors listed: the same queue among those homed on the lost node. */
function findingText(check: HomeNodeDown, facts: readonly Fact[]): string {
  const homed = factsOfKind(facts, 'queues-homed-on-lost-node').find((f) => f.node === check.outcome.node);
  const listed = homed?.queues.some((q) => q.name === check.name && q.vhost === check.vhost) === true;
  const tie = listed
    ? `It is one of the durable queues homed on ${check.outcome.node} listed above: clients fail until that node is back.`
    : `The survivors' queue listing did not tie it to ${check.outcome.node}; trust the client's answer.`;
  return `Clients cannot use critical queue ${check.name} (vhost ${check.vhost}): "${check.outcome.message}". ${tie}`;
}

/**
 * `/rmq diagnose` with an `amqp` section: what clients see, after the diagnosis. A critical queue
 * answering with the home-node error is a finding of its own, and raises the reply's mark.
 */
export function withAmqpProbe(reply: Reply, facts: readonly Fact[], probe: ClusterProbe | null): Reply {
  if (probe === null) return reply;
  const { blocks, mark } = probeBlocks(probe);
  const findings: Block[] = homeNodeErrors(probe).map((check) => ({ kind: 'text', text: findingText(check, facts), mark: 'critical' }));
  return {
    ...reply,
    mark: worstMark([reply.mark ?? 'ok', mark]),
    blocks: [...reply.blocks, { kind: 'divider' }, { kind: 'header', text: 'What clients see (AMQP probe)' }, ...findings, ...blocks],
  };
}
