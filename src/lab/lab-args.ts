import path from 'node:path';
import { err, ok, type Result } from '../result';
import { PARTITION_HANDLINGS, type LabNetwork, type PartitionHandling } from './lab-layout';
import { STRESS_KINDS, type StressKind } from './lab-stress';

/** `rmq-bot lab …` as parsed from argv: one shape per verb. */
export type LabCommand =
  | {
      readonly verb: 'up';
      readonly dir: string;
      readonly nodes: number | undefined;
      readonly standby: true | undefined;
      readonly network: LabNetwork | undefined;
      readonly partitionHandling: PartitionHandling | undefined;
      readonly management: true | undefined;
    }
  | { readonly verb: 'status' | 'down' | 'config' | 'heal'; readonly dir: string }
  | { readonly verb: 'partition'; readonly dir: string; readonly side: readonly string[]; readonly from: readonly string[] }
  | { readonly verb: 'crash' | 'hang' | 'resume' | 'start'; readonly dir: string; readonly node: string }
  | { readonly verb: 'load'; readonly dir: string; readonly stop: boolean }
  /** `stress: null` is `--stop`. */
  | { readonly verb: 'stress'; readonly dir: string; readonly stress: { readonly node: string; readonly kind: StressKind } | null }
  | { readonly verb: 'help' };

export const LAB_USAGE = `usage: rmq-bot lab <command> [--dir DIR]
  up [--nodes N] [--standby] [--netns] [--partition-handling ignore|pause_minority|autoheal] [--management]
                               start N clustered nodes (default 3), a private sshd, and write a bot config;
                               --netns puts each node in a network namespace of its own (net_ticktime 10);
                               --management also enables the management plugin on every node (its API on 127.0.0.1)
  status                       each node's process and ping answer, the sshd, and cut links
  crash NODE                   kill -9 the node's Erlang VM
  hang NODE                    SIGSTOP the node's Erlang VM
  resume NODE                  SIGCONT it again
  start NODE                   boot a stopped or crashed node again (keeps its data)
  partition NODE… [--from NODE…]  cut the links between the nodes named and the others (default: the
                               rest of their cluster); needs --netns
  heal                         restore every cut link
  load [--stop]                a publisher and a consumer (amqplib, 20 messages/s) on the first node, their
                               queue homed on the last one, so rates are real; runs until --stop
  stress NODE cpu|tcp          make the node's vitals go red: busy loops (twice the CPU count, niced), or
                               its namespace link throttled until packets drop (tcp needs --netns)
  stress --stop                stop every busy loop by PID and restore every throttled link
  config                       print the path of the bot config
  down                         stop everything the lab started and delete its namespaces
NODE: rabbit2@localhost, rabbit2, 2 or standby. DIR: --dir, else $RMQ_LAB_DIR, else <repo>/.lab
`;

const SWITCHES = ['standby', 'management', 'help', 'netns', 'stop'];
const VALUED = ['dir', 'nodes', 'partition-handling'];
const NODE_VERBS = ['crash', 'hang', 'resume', 'start'] as const;
const PLAIN_VERBS = ['status', 'down', 'config', 'heal'] as const;
const UP_ONLY = ['nodes', 'standby', 'netns', 'partition-handling', 'management'];
const isOneOf = <T extends string>(list: readonly T[], value: string | undefined): value is T => list.includes(value as T);

/** The repo's own `.lab`, wherever the command is run from. */
export const defaultLabDir = (): string => path.resolve(__dirname, '..', '..', '.lab');

/** Words after `rmq-bot lab`. Pure: env and the default dir are parameters. */
export function parseLabArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, fallbackDir: string): Result<LabCommand, string> {
  // `--from` takes every word after it as a node, so it comes last and is split off first.
  const fromAt = argv.indexOf('--from');
  const options = fromAt === -1 ? argv : argv.slice(0, fromAt);
  const fromWords = fromAt === -1 ? null : argv.slice(fromAt + 1);
  if (fromWords?.some((w) => w.startsWith('--'))) return err('put options before --from: every word after it is a node');
  const words: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < options.length; i++) {
    const word = options[i] ?? '';
    const flag = /^--([a-z-]+)(?:=(.*))?$/.exec(word);
    if (flag === null) {
      words.push(word);
      continue;
    }
    const [, name = '', inline] = flag;
    if (SWITCHES.includes(name)) flags.set(name, true);
    else if (!VALUED.includes(name)) return err(`unknown option --${name}`);
    else if (inline !== undefined) flags.set(name, inline);
    else if (options[i + 1] !== undefined) flags.set(name, options[++i] ?? '');
    else return err(`--${name} needs a value`);
  }
  const [verb, ...rest] = words;
  if (verb === undefined || verb === 'help' || flags.has('help')) return ok({ verb: 'help' });

  const dirFlag = flags.get('dir');
  const dir = path.resolve(typeof dirFlag === 'string' ? dirFlag : (env['RMQ_LAB_DIR'] ?? fallbackDir));
  const upOnly = UP_ONLY.filter((f) => flags.has(f));
  if (verb !== 'up' && upOnly.length > 0) return err(`--${upOnly[0]} only goes with "up"`);
  if (verb !== 'partition' && fromWords !== null) return err('--from only goes with "partition"');
  if (verb !== 'load' && verb !== 'stress' && flags.has('stop')) return err('--stop only goes with "load" or "stress"');

  if (verb === 'up') {
    if (rest.length > 0) return err(`"up" takes no argument, got "${rest[0]}"`);
    const nodesFlag = flags.get('nodes');
    const nodes = typeof nodesFlag === 'string' ? Number(nodesFlag) : undefined;
    if (nodes !== undefined && !(Number.isInteger(nodes) && nodes > 0)) return err(`--nodes needs a positive whole number, got "${String(nodesFlag)}"`);
    const handling = flags.get('partition-handling');
    if (handling !== undefined && !PARTITION_HANDLINGS.includes(handling as PartitionHandling)) {
      return err(`--partition-handling takes ${PARTITION_HANDLINGS.join(', ')}; got "${String(handling)}"`);
    }
    // Unset options stay undefined so a second `up` matches whatever lab is running.
    return ok({
      verb,
      dir,
      nodes,
      standby: flags.has('standby') ? true : undefined,
      network: flags.has('netns') ? 'netns' : undefined,
      partitionHandling: handling as PartitionHandling | undefined,
      management: flags.has('management') ? true : undefined,
    });
  }
  if (verb === 'partition') {
    if (rest.length === 0) return err('"partition" needs the nodes to cut off, e.g. partition rabbit3 (or partition 1 --from 2 3)');
    if (fromWords !== null && fromWords.length === 0) return err('--from needs the nodes on the other side');
    return ok({ verb, dir, side: rest, from: fromWords ?? [] });
  }
  if (isOneOf(NODE_VERBS, verb)) {
    const [node, ...extra] = rest;
    if (node === undefined) return err(`"${verb}" needs a node: rabbit2@localhost, rabbit2 or 2`);
    if (extra.length > 0) return err(`"${verb}" takes one node, got "${extra.join(' ')}" too`);
    return ok({ verb, dir, node });
  }
  if (verb === 'load') {
    if (rest.length > 0) return err(`"load" takes no argument, got "${rest[0]}"`);
    return ok({ verb, dir, stop: flags.has('stop') });
  }
  if (verb === 'stress') {
    if (flags.has('stop')) return rest.length > 0 ? err('"stress --stop" stops every stress; it takes no node') : ok({ verb, dir, stress: null });
    const [node, kind, ...extra] = rest;
    if (node === undefined || !isOneOf(STRESS_KINDS, kind) || extra.length > 0) return err(`"stress" needs a node and ${STRESS_KINDS.join(' or ')}, e.g. stress rabbit2 cpu (or stress --stop)`);
    return ok({ verb, dir, stress: { node, kind } });
  }
  if (isOneOf(PLAIN_VERBS, verb)) {
    if (rest.length > 0) return err(`"${verb}" takes no argument, got "${rest[0]}"`);
    return ok({ verb, dir });
  }
  return err(`unknown lab command "${verb}"`);
}
