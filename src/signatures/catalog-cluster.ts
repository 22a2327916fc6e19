import { LIST_ITEMS, LIST_ITEMS_BEFORE_AT, nodesInList, withNodes } from './node-name';
import type { Signature } from './signature';

const node = (m: RegExpExecArray) => ({ node: m[1]! });
const peer = (m: RegExpExecArray) => ({ peer: m[1]! });

/** Cluster membership, boot and inter-node signatures. */
export const clusterSignatures: readonly Signature[] = [
  {
    id: 'node-down',
    severity: 'critical',
    title: 'node down',
    meaning: 'A cluster peer went down as seen by this node, or a disc node is missing from the running nodes.',
    likelyCause: 'The peer VM crashed or rebooted, its RabbitMQ stopped, or the network between the nodes failed (net_tick_timeout).',
    nextStep: 'Check whether the node is reachable over SSH and whether RabbitMQ runs there; bring it back before evicting it (remediation §1).',
    logMatchers: [
      { literals: ['rabbit on node'], pattern: withNodes(String.raw`rabbit on node NODE up\b`), subject: node, effect: 'clear' },
      { literals: ['rabbit on node'], pattern: withNodes(String.raw`rabbit on node NODE down\b`), subject: node },
      { literals: ['not responding'], pattern: withNodes(String.raw`\*\* Node NODE not responding`), subject: node },
      { literals: [' down: '], pattern: withNodes(String.raw`\bnode NODE down: \S`, 'i'), subject: node },
    ],
  },
  {
    id: 'node-unreachable',
    severity: 'critical',
    title: 'node unreachable',
    meaning: 'The bot itself cannot reach the node (SSH connect or authentication timed out or was refused).',
    likelyCause: 'The host is down, rebooting, or cut off from the network; or SSH credentials changed.',
    nextStep: 'Check the hypervisor or cloud console for the VM; do not evict the node until you know whether it will return.',
    logMatchers: [],
  },
  {
    id: 'cli-nodedown',
    severity: 'critical',
    title: 'CLI cannot reach node',
    meaning: 'rabbitmqctl on the host cannot talk to its node.',
    likelyCause: 'The Erlang VM is down, the rabbit application is stopped, epmd is unreachable, or the node name is wrong.',
    nextStep: 'Read the CLI diagnostics: "not running at all" → start the node; "application not running" → rabbitmqctl start_app (remediation §8).',
    logMatchers: [
      { literals: ['nodedown'], pattern: withNodes(String.raw`unable to connect to node NODE: nodedown`), subject: node },
      { literals: ['nodedown'], pattern: withNodes(String.raw`with node NODE: \{badrpc,\s*nodedown\}`), subject: node },
      { literals: ['nodedown'], pattern: withNodes(String.raw`badrpc_multi,\s*nodedown,\s*\[NODE`), subject: node },
      { literals: ['unable to perform an operation on node'], pattern: withNodes(String.raw`unable to perform an operation on node NODE`), subject: node },
      { literals: ['application not running'], pattern: withNodes(String.raw`node NODE up, 'rabbit' application not running`), subject: node },
      { literals: ['Failed to connect and authenticate'], pattern: withNodes(String.raw`Failed to connect and authenticate to NODE`), subject: node },
      { literals: ['not running or has not fully booted'], pattern: withNodes(String.raw`on node NODE is not running or has not fully booted`), subject: node },
      { literals: ["'rabbit' app to be running"], pattern: withNodes(String.raw`'rabbit' app to be running[\s\S]{0,200}?-n NODE`), subject: node },
      { literals: ["'rabbit' app to be running"], pattern: /'rabbit' app to be running/ },
      { literals: ['nodedown'], pattern: /\{badrpc,\s*nodedown\}/ },
    ],
  },
  {
    id: 'network-partition',
    severity: 'critical',
    title: 'network partition',
    meaning: 'Mnesia or the cluster reports a network partition (split brain).',
    likelyCause: 'The network between nodes failed for longer than net_ticktime while both sides kept running.',
    nextStep: 'Pick the partition you trust most, restart the nodes of the other side (stop_app/start_app) and verify cluster_status (remediation §5).',
    logMatchers: [
      {
        literals: ['inconsistent_database'],
        pattern: withNodes(String.raw`Mnesia\(\s*NODE\s*\):.{0,80}?inconsistent_database,\s*\w+_partitioned_network,\s*NODE`),
        subject: (m) => ({ node: m[1]!, peer: m[2]! }),
      },
      { literals: ['inconsistent_database'], pattern: withNodes(String.raw`inconsistent_database,\s*\w+_partitioned_network,\s*NODE`), subject: peer },
    ],
  },
  {
    id: 'partial-partition',
    severity: 'critical',
    title: 'partial partition',
    meaning: 'Partition handling (pause_minority or partial-partition detection) kicked in.',
    likelyCause: 'Some nodes can still see a peer that others cannot: a flaky link or an overloaded node.',
    nextStep: 'Find the link that failed; paused nodes resume on their own once the majority is visible again (remediation §5).',
    logMatchers: [
      { literals: ['Partial partition'], pattern: withNodes(String.raw`Partial partition disconnect from NODE`), subject: peer },
      { literals: ['Partial partition'], pattern: withNodes(String.raw`We saw DOWN from NODE`), subject: peer },
      { literals: ['Partial partition'], pattern: /Partial partition detected/ },
      { literals: ['minority/secondary'], pattern: /minority\/secondary status detected/ },
    ],
  },
  {
    id: 'inconsistent-cluster',
    severity: 'critical',
    title: 'removed while away',
    meaning: 'The node was removed from the cluster while it was away and now refuses to boot or join.',
    likelyCause: 'forget_cluster_node was run for this node while it was down (or the peers were reset).',
    nextStep: 'Reset the node and join it back: stop_app, reset, join_cluster <survivor>, start_app; a node that cannot boot needs its data dir moved aside first (remediation §3).',
    logMatchers: [
      {
        literals: ['inconsistent_cluster', "thinks it's clustered"],
        pattern: withNodes(String.raw`Node NODE thinks it's clustered with node NODE`),
        subject: (m) => ({ node: m[1]!, peer: m[2]! }),
      },
      { literals: ['inconsistent_cluster', "thinks it's clustered"], pattern: withNodes(String.raw`Node NODE thinks it`), subject: node },
      { literals: ['inconsistent_cluster'], pattern: /inconsistent_cluster/ },
    ],
  },
  {
    id: 'node-forgotten',
    severity: 'warning',
    title: 'node removed from the cluster',
    meaning: 'A node was evicted from the cluster (forget_cluster_node); it cannot rejoin without a reset.',
    likelyCause: 'An operator ran forget_cluster_node for a node that was down.',
    nextStep: 'Expect inconsistent_cluster when that node returns: reset it and join it back; its non-mirrored durable queues are gone (remediation §2, §3).',
    logMatchers: [
      {
        literals: ['Removing node', 'was removed from the cluster'],
        pattern: withNodes(String.raw`Removing node NODE from cluster|Node NODE was removed from the cluster`),
        subject: (m) => ({ node: (m[1] ?? m[2])! }),
      },
    ],
  },
  {
    id: 'mnesia-tables-timeout',
    severity: 'critical',
    title: 'waiting for peers\' tables',
    meaning: 'The node cannot get its Mnesia tables from the peers it last saw, so its boot stalls or fails.',
    likelyCause: 'The peers this node last ran with are down or unreachable (typical after a whole-cluster restart in the wrong order).',
    nextStep: 'Start the peers it names; if the last node to stop is lost for good, use force_boot (3.4+) or forget_cluster_node --offline (remediation §4).',
    logMatchers: [
      {
        literals: ['timeout_waiting_for_tables'],
        pattern: new RegExp(String.raw`timeout_waiting_for_tables,\s*\[(${LIST_ITEMS_BEFORE_AT}@${LIST_ITEMS})\]`),
        subject: (m) => ({ peer: nodesInList(m[1]!).join(', ') }),
      },
      { literals: ['Timeout contacting cluster nodes'], pattern: new RegExp(String.raw`Timeout contacting cluster nodes: \[(${LIST_ITEMS})\]`), subject: (m) => ({ peer: nodesInList(m[1]!).join(', ') }) },
      { literals: ['timeout_waiting_for_tables'], pattern: /timeout_waiting_for_tables/ },
    ],
  },
  {
    id: 'force-boot-needed',
    severity: 'warning',
    title: 'waits for the last node to stop',
    meaning: 'The node was not the last one to stop and waits for its peers before it boots.',
    likelyCause: 'Nodes were restarted in a different order than they stopped.',
    nextStep: 'Start the node that stopped last; only if it is lost for good run rabbitmqctl force_boot on this one (remediation §4).',
    logMatchers: [
      {
        literals: ['force_boot', 'other nodes were still running'],
        pattern: /force this node to start|"?rabbitmqctl force_boot"?|shut down while other nodes were still running/,
      },
    ],
  },
  {
    id: 'boot-failed',
    severity: 'critical',
    title: 'boot failed',
    meaning: 'The node failed to boot.',
    likelyCause: 'See the error description in the same record: inconsistent_cluster, a port in use, tables timeout, a plugin that could not start.',
    nextStep: 'Read the error description of the BOOT FAILED record and follow the signature it names.',
    logMatchers: [
      {
        literals: ['BOOT FAILED', 'init terminating in do_boot', 'Kernel pid terminated', 'failure_during_boot', 'could_not_start'],
        pattern: /BOOT FAILED|init terminating in do_boot|Kernel pid terminated|failure_during_boot|could_not_start/,
      },
    ],
  },
  {
    id: 'cookie-mismatch',
    severity: 'critical',
    title: 'Erlang cookie mismatch',
    meaning: 'The Erlang cookie differs between nodes (or CLI and node), or the cookie file is unreadable.',
    likelyCause: 'Nodes or the CLI run as different users or were provisioned with different cookies; or the cookie file has loose permissions.',
    nextStep: 'Make every node and CLI user share the same .erlang.cookie (mode 400) and restart the nodes that changed (remediation §8).',
    logMatchers: [
      { literals: ['disallowed node'], pattern: withNodes(String.raw`Connection attempt from disallowed node NODE`), subject: peer },
      { literals: ['Invalid challenge reply'], pattern: withNodes(String.raw`Connection attempt from node NODE rejected`), subject: peer },
      {
        literals: ['disallowed node', 'Invalid challenge reply', 'accessible by owner only', 'check the Erlang cookie', 'Erlang distribution failed', 'cookie contents do not match'],
        pattern: /disallowed node|Invalid challenge reply|must be accessible by owner only|check the Erlang cookie|Erlang distribution failed|cookie contents do not match/,
      },
    ],
  },
  {
    id: 'port-in-use',
    severity: 'critical',
    title: 'port already in use',
    meaning: 'A listener or the distribution port is already taken.',
    likelyCause: 'A second broker instance or a stale beam.smp holds the port, or two listeners were configured on one port.',
    nextStep: 'Find the owner (ss -lntp), stop it, then start the node again (remediation §12).',
    logMatchers: [
      { literals: ['eaddrinuse'], pattern: /could_not_start_listener,\s*"[^"]*",\s*(\d+),\s*eaddrinuse/, subject: (m) => ({ port: m[1]! }) },
      { literals: ['eaddrinuse'], pattern: /Ranch listener \{\w+,\s*\{[^{}]{0,200}\},\s*(\d+)\}[\s\S]{0,600}?eaddrinuse/, subject: (m) => ({ port: m[1]! }) },
      { literals: ['in use by another node', 'dist_port_already_used'], pattern: /distribution port (\d+) in use|dist_port_already_used,\s*(\d+)/, subject: (m) => ({ port: (m[1] ?? m[2])! }) },
      { literals: ['eaddrinuse'], pattern: /\beaddrinuse\b/ },
    ],
  },
  {
    id: 'epmd-error',
    severity: 'critical',
    title: 'epmd / hostname error',
    meaning: 'The node cannot resolve or reach its own host through epmd, so distribution cannot start.',
    likelyCause: 'DNS for the node\'s hostname is missing or not ready yet (e.g. a headless Kubernetes service), or a firewall blocks epmd.',
    nextStep: 'Check that the node\'s hostname resolves on the host itself and that port 4369 is reachable.',
    logMatchers: [
      { literals: ['epmd error for host', 'epmd_error'], pattern: /epmd error for host (\S+?):|epmd_error,\s*"([^"]+)"/, subject: (m) => ({ host: (m[1] ?? m[2])! }) },
    ],
  },
];
