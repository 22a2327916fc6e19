import { withNodes } from './node-name';
import type { Signature } from './signature';

const node = (m: RegExpExecArray) => ({ node: m[1]! });

/** Resource alarms, runtime crashes and NUL holes. */
export const resourceSignatures: readonly Signature[] = [
  {
    id: 'memory-alarm',
    severity: 'critical',
    title: 'memory alarm',
    meaning: 'The memory high watermark was reached: publishers are blocked cluster-wide.',
    likelyCause: 'Queues holding many messages in RAM, a bloated management stats DB, or a watermark set too low.',
    nextStep: 'Look at the status memory breakdown; drain consumers or remove the hog before raising the watermark.',
    docsUrl: 'https://www.rabbitmq.com/docs/memory',
    logMatchers: [
      { literals: ['memory resource limit alarm'], pattern: withNodes(String.raw`memory resource limit alarm cleared on node NODE`), subject: node, effect: 'clear' },
      { literals: ['memory resource limit alarm'], pattern: /memory resource limit alarm cleared across the cluster/, effect: 'clear' },
      { literals: ['memory resource limit alarm'], pattern: withNodes(String.raw`memory resource limit alarm set on node NODE`), subject: node },
      { literals: ['resource_limit,memory'], pattern: withNodes(String.raw`\{set_alarm,\s*\{\{resource_limit,\s*memory,\s*NODE`), subject: node },
    ],
  },
  {
    id: 'disk-alarm',
    severity: 'critical',
    title: 'disk alarm',
    meaning: 'Free disk space fell below the limit: publishers are blocked cluster-wide.',
    likelyCause: 'The disk filled up (message store, logs, other tenants) or disk_free_limit is set above the real free space.',
    nextStep: 'Free space on the node\'s data disk, or lower disk_free_limit (set_disk_free_limit on 3.6+).',
    docsUrl: 'https://www.rabbitmq.com/docs/disk-alarms',
    logMatchers: [
      { literals: ['disk resource limit alarm'], pattern: withNodes(String.raw`disk resource limit alarm cleared on node NODE`), subject: node, effect: 'clear' },
      { literals: ['disk resource limit alarm'], pattern: /disk resource limit alarm cleared across the cluster/, effect: 'clear' },
      { literals: ['disk resource limit alarm'], pattern: withNodes(String.raw`disk resource limit alarm set on node NODE`), subject: node },
      { literals: ['resource_limit,disk'], pattern: withNodes(String.raw`\{set_alarm,\s*\{\{resource_limit,\s*disk,\s*NODE`), subject: node },
      { literals: ['Free disk space is insufficient'], pattern: /Free disk space is insufficient/ },
    ],
  },
  {
    id: 'fd-exhausted',
    severity: 'critical',
    title: 'out of file descriptors',
    meaning: 'The node ran out of file descriptors or sockets and refuses connections.',
    likelyCause: 'The OS limit is too low for the connection count, or a client leaks connections.',
    nextStep: 'Raise LimitNOFILE (≥ 65536) and restart the node; find the client that churns or leaks connections.',
    docsUrl: 'https://www.rabbitmq.com/docs/networking',
    logMatchers: [
      { literals: ['file descriptor limit alarm'], pattern: /file descriptor limit alarm cleared/, effect: 'clear' },
      {
        // emfile always follows a separator in Erlang terms and messages ({error,emfile}, ": emfile");
        // the separator makes every prefilter literal ≥ 7 bytes, so the literal scan can skip further.
        literals: [',emfile', ' emfile', '{emfile', ':emfile', '(emfile', 'out of file descriptors', 'file descriptor limit alarm'],
        pattern: /\bemfile\b|out of file descriptors|file descriptor limit alarm set/,
      },
    ],
  },
  {
    id: 'fd-near-limit',
    severity: 'warning',
    title: 'file descriptors near the limit',
    meaning: 'The node uses 90% or more of its file descriptors or sockets.',
    likelyCause: 'Connection growth or a connection leak against a low OS limit.',
    nextStep: 'Raise LimitNOFILE before it runs out; look for clients that open connections without closing them.',
    logMatchers: [],
  },
  {
    id: 'vm-out-of-memory',
    severity: 'critical',
    title: 'Erlang VM out of memory',
    meaning: 'The Erlang VM could not allocate memory and died.',
    likelyCause: 'The host ran out of RAM (watermark too high for the machine, other processes, no swap).',
    nextStep: 'Check host RAM and OOM-killer logs, lower the memory watermark, then restart the node.',
    docsUrl: 'https://www.rabbitmq.com/docs/memory',
    logMatchers: [{ literals: ['Cannot allocate', 'Cannot reallocate'], pattern: /Cannot (?:re)?allocate \d+ bytes/ }],
  },
  {
    id: 'crash-dump',
    severity: 'warning',
    title: 'erl_crash.dump written',
    meaning: 'The Erlang runtime exited abnormally and wrote an erl_crash.dump.',
    likelyCause: 'A boot failure or a fatal runtime error; the dump\'s Slogan line says which.',
    nextStep: 'Read the first lines of erl_crash.dump (head -n 3) for the Slogan.',
    docsUrl: 'https://www.rabbitmq.com/docs/troubleshooting',
    logMatchers: [
      {
        literals: ['Crash dump is being written', 'Crash dump was written', 'erl_crash_dump', 'Slogan: '],
        pattern: /Crash dump (?:is being|was) written|=erl_crash_dump:|(?:^|\s)Slogan: /,
      },
    ],
  },
  {
    id: 'negative-plugin-memory',
    severity: 'warning',
    title: 'negative plugin memory',
    meaning: 'status reports negative plugin memory: the management stats DB is huge (3.2-era accounting bug).',
    likelyCause: 'The management statistics database grew larger than all plugin memory together.',
    nextStep: 'Restart the stats DB on its node with a timeout on the CLI call; raise collect_statistics_interval.',
    logMatchers: [],
  },
  {
    id: 'log-nul-run',
    severity: 'warning',
    title: 'NUL bytes in log',
    meaning: 'A run of NUL bytes in a log: a sparse hole left by an unclean crash.',
    likelyCause: 'The VM or host stopped without flushing the file (crash, power loss, hypervisor failure) right around this position.',
    nextStep: 'Treat the position as the moment the node died; check the host and hypervisor for that time.',
    logMatchers: [],
  },
];
