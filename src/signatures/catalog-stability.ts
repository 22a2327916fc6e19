import { AFTER_NODE_NAME_BYTES, withNodes } from './node-name';
import type { Signature } from './signature';

const node = (m: RegExpExecArray) => ({ node: m[1]! });

/** Conditions that show as repetition over time rather than as one failing line. */
export const stabilitySignatures: readonly Signature[] = [
  {
    id: 'node-restart-loop',
    severity: 'critical',
    title: 'node restart loop',
    meaning: 'A node went down and came back again and again: it is crashing or being restarted in a loop.',
    likelyCause: 'An orchestrator restarting a node that fails a probe or runs out of memory, a boot that fails late, or a flapping network link.',
    nextStep: 'Read the looping node\'s own log around each down time; stop the loop (pause the orchestrator\'s restarts) before it corrupts state.',
    docsUrl: 'https://www.rabbitmq.com/docs/clustering',
    cycle: { minReturns: 2 },
    logMatchers: [
      { literals: ['rabbit on node'], pattern: withNodes(String.raw`rabbit on node NODE up\b`), subject: node, effect: 'clear' },
      // "node " rather than " up": both are in every match, but " up" is also in "Setting up" and "upgrade" on every boot.
      // "node " alone is in every boot banner and "inter-node": the scan counts it only with " up" after the name.
      {
        literals: ['node '],
        followedBy: { within: AFTER_NODE_NAME_BYTES, by: [' up'] },
        pattern: withNodes(String.raw`\bnode NODE up\b`),
        subject: node,
        effect: 'clear',
      },
      { literals: ['rabbit on node'], pattern: withNodes(String.raw`rabbit on node NODE down\b`), subject: node },
      { literals: [' down: '], pattern: withNodes(String.raw`\bnode NODE down: \S`), subject: node },
    ],
  },
  {
    id: 'mnesia-overloaded',
    severity: 'warning',
    title: 'Mnesia overloaded',
    meaning: 'Mnesia cannot dump its transaction log as fast as metadata changes arrive (dump_log write or time threshold).',
    likelyCause: 'Churn of queues, bindings or connections (exclusive/auto-delete queues per request), or a slow disk under the node\'s data directory.',
    nextStep: 'Find the churn (rabbitmqctl list_queues, connection rates) and reduce it; raise dump_log_write_threshold only as a stopgap (advanced.config).',
    logMatchers: [
      {
        literals: ['Mnesia is overloaded'],
        pattern: withNodes(String.raw`Mnesia\(NODE\):.{0,40}?Mnesia is overloaded`),
        subject: node,
      },
      { literals: ['Mnesia is overloaded'], pattern: /Mnesia is overloaded: \{\s?dump_log,\s{0,80}(?:write|time)_threshold\s?\}/ },
    ],
  },
  {
    id: 'stale-pid-old-incarnation',
    severity: 'warning',
    title: 'messages to an old incarnation',
    meaning: 'Messages keep arriving for process ids of this node\'s previous run: peers or metadata still hold stale pids after a restart.',
    likelyCause: 'Classic (mirrored) queue records or management stats that still point to processes from before the node restarted.',
    nextStep: 'List queues whose pid is on this node but not alive (rabbitmqctl list_queues name pid state); restart the affected queues or, if it floods, the node.',
    logMatchers: [{ literals: ['old incarnation'], pattern: /in an old incarnation \(\d{1,20}\) of this node \(\d{1,20}\)/ }],
  },
];
