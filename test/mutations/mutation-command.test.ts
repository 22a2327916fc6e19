import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { configSchema, type ClusterConfig } from '../../src/config/schema';
import { buildMutation, describeMutationProblem, mutationActions, mutationFromRecord, type Mutation, type MutationPlan } from '../../src/mutations/mutation-command';
import { toRemoteCommand } from '../../src/transport/remote-command';
import type { Argv } from '../../src/transport/types';

const ssh = { host: '127.0.0.1', user: 'root', agent: true, allowUnknownHostKey: true };
const node = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  ssh,
  rabbitmqctl: '/usr/lib/rabbitmq/bin/rabbitmqctl',
  env: { HOME: '/srv/rmqlab/home' },
  ...extra,
});

function clusterWith(extra: { serviceRestart?: string[]; switchArgv?: string[]; mnesiaDir?: string } = {}): ClusterConfig {
  const config = configSchema.parse({
    clusters: [
      {
        name: 'prod',
        role: 'primary',
        nodes: [
          node('rabbit@mq1', {
            serviceStart: ['systemctl', 'start', 'rabbitmq-server'],
            serviceRestart: extra.serviceRestart ?? ['systemctl', 'restart', 'rabbitmq-server'],
            mnesiaDir: extra.mnesiaDir ?? '/var/lib/rabbitmq/mnesia/rabbit@mq1',
          }),
          node('rabbit@mq2'),
          node('rabbit@10.0.0.3', { longNames: true, env: {} }),
        ],
        switch: { node: 'rabbit@mq2', argv: extra.switchArgv ?? ['/usr/local/bin/lb-switch', '--to', 'prod'] },
      },
    ],
  });
  const [cluster] = config.clusters;
  if (!cluster) throw new Error('no cluster');
  return cluster;
}

function planned(cluster: ClusterConfig, mutation: Mutation): MutationPlan {
  const built = buildMutation(cluster, mutation);
  if (!built.ok) throw new Error(describeMutationProblem(built.error));
  return built.value;
}

const ctl = ['env', 'HOME=/srv/rmqlab/home', '/usr/lib/rabbitmq/bin/rabbitmqctl', '-n', 'rabbit@mq1'];

describe('the mutation catalog', () => {
  const cluster = clusterWith();

  it.each<[Mutation, Argv]>([
    [{ action: 'stop_app', node: 'rabbit@mq1' }, [...ctl, 'stop_app']],
    [{ action: 'start_app', node: 'rabbit@mq1' }, [...ctl, 'start_app']],
    [{ action: 'reset', node: 'rabbit@mq1' }, [...ctl, 'reset']],
    [{ action: 'join_cluster', node: 'rabbit@mq1', seed: 'rabbit@mq2' }, [...ctl, 'join_cluster', 'rabbit@mq2']],
    [{ action: 'forget_cluster_node', node: 'rabbit@mq1', forget: 'rabbit@mq2', offline: false }, [...ctl, 'forget_cluster_node', 'rabbit@mq2']],
    [{ action: 'forget_cluster_node', node: 'rabbit@mq1', forget: 'rabbit@mq2', offline: true }, [...ctl, 'forget_cluster_node', '--offline', 'rabbit@mq2']],
    [{ action: 'grow_quorum_queues', node: 'rabbit@mq1', member: 'rabbit@mq2' }, ['env', 'HOME=/srv/rmqlab/home', '/usr/lib/rabbitmq/bin/rabbitmq-queues', '-n', 'rabbit@mq1', 'grow', 'rabbit@mq2', 'all']],
    [{ action: 'service_start', node: 'rabbit@mq1' }, ['systemctl', 'start', 'rabbitmq-server']],
    [{ action: 'service_restart', node: 'rabbit@mq1' }, ['systemctl', 'restart', 'rabbitmq-server']],
    [{ action: 'wipe_data', node: 'rabbit@mq1' }, ['rm', '-rf', '--', '/var/lib/rabbitmq/mnesia/rabbit@mq1']],
    [{ action: 'management_stop', node: 'rabbit@mq1', via: 'plugins' }, ['env', 'HOME=/srv/rmqlab/home', '/usr/lib/rabbitmq/bin/rabbitmq-plugins', '-n', 'rabbit@mq1', 'disable', '--online', 'rabbitmq_management']],
    [{ action: 'management_start', node: 'rabbit@mq1', via: 'plugins' }, ['env', 'HOME=/srv/rmqlab/home', '/usr/lib/rabbitmq/bin/rabbitmq-plugins', '-n', 'rabbit@mq1', 'enable', '--online', 'rabbitmq_management']],
    [{ action: 'management_stop', node: 'rabbit@mq1', via: 'eval' }, [...ctl, 'eval', 'application:stop(rabbitmq_management).']],
    [{ action: 'management_start', node: 'rabbit@mq1', via: 'eval' }, [...ctl, 'eval', 'application:start(rabbitmq_management).']],
  ])('builds %j as a mutating command', (mutation, argv) => {
    expect(planned(cluster, mutation)).toEqual({ cluster: 'prod', node: 'rabbit@mq1', command: { access: 'mutate', name: mutation.action, argv } });
  });

  it('runs the switch on the node the config names, and addresses long-named nodes with -l', () => {
    expect(planned(cluster, { action: 'switch' })).toMatchObject({ node: 'rabbit@mq2', command: { argv: ['/usr/local/bin/lb-switch', '--to', 'prod'] } });
    expect(planned(cluster, { action: 'stop_app', node: 'rabbit@10.0.0.3' }).command.argv).toEqual(['/usr/lib/rabbitmq/bin/rabbitmqctl', '-n', 'rabbit@10.0.0.3', '-l', 'stop_app']);
  });

  it('refuses nodes outside the cluster, a node acting on itself and commands the config does not have, naming the fix', () => {
    const problem = (mutation: Mutation) => {
      const built = buildMutation(cluster, mutation);
      return built.ok ? null : describeMutationProblem(built.error);
    };
    expect(problem({ action: 'stop_app', node: 'rabbit@mq9' })).toBe('there is no node rabbit@mq9 in cluster prod; its nodes are rabbit@mq1, rabbit@mq2, rabbit@10.0.0.3');
    expect(problem({ action: 'join_cluster', node: 'rabbit@mq1', seed: 'rabbit@mq1' })).toBe('join_cluster needs another node than rabbit@mq1, the one it runs on');
    expect(problem({ action: 'forget_cluster_node', node: 'rabbit@mq1', forget: 'rabbit@$(id)', offline: false })).toMatch(/^node must look like rabbit@host/);
    expect(problem({ action: 'service_restart', node: 'rabbit@mq2' })).toBe('service_restart is not configured for node rabbit@mq2: add serviceRestart to its entry in the bot config');
    expect(problem({ action: 'rollback' })).toBe('rollback is not configured for cluster prod: add rollback to its entry in the bot config');
    expect(problem({ action: 'wipe_data', node: 'rabbit@mq2' })).toBe('wipe_data is not configured for node rabbit@mq2: add mnesiaDir to its entry in the bot config');
  });

  it.each(['/var/lib/rabbitmq/mnesia', '/var/lib/rabbitmq/mnesia/rabbit@mq1/..', '/var/lib/rabbitmq//mnesia/rabbit@mq1', '/', '/var/lib/rabbitmq/mnesia/rabbit@mq2'])(
    'wipes only a plain directory named after the node itself, refusing %s',
    (mnesiaDir) => {
      const built = buildMutation(clusterWith({ mnesiaDir }), { action: 'wipe_data', node: 'rabbit@mq1' });
      expect(built.ok ? null : describeMutationProblem(built.error)).toBe(
        `refusing to wipe ${mnesiaDir}: mnesiaDir of rabbit@mq1 must be a plain absolute path whose last part is the node name (e.g. /var/lib/rabbitmq/mnesia/rabbit@mq1)`,
      );
    },
  );

  it('accepts from the journal only actions of the closed list, with argv that quotes safely', () => {
    expect(mutationFromRecord('stop_app', [...ctl, 'stop_app'])).toEqual({ ok: true, value: { access: 'mutate', name: 'stop_app', argv: [...ctl, 'stop_app'] } });
    expect(mutationFromRecord('eval', ['rabbitmqctl', 'eval', 'halt().'])).toEqual({ ok: false, error: { kind: 'not-a-mutation', action: 'eval' } });
    expect(mutationFromRecord('reset', ['rabbitmqctl', 'reset\n; reboot'])).toMatchObject({ ok: false, error: { kind: 'unsafe-argv', reason: 'newline' } });
    expect(mutationActions).toHaveLength(13);
  });
});

describe('configured mutating argv reach the node intact', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'rmq-bot-mutation-quote-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  /** What the node's login shell would execute: printf in front prints the words instead of running them. */
  function wordsAsTheNodeSeesThem(argv: Argv, shell: string): string[] {
    const command = toRemoteCommand(['printf', '%s\\0', ...argv]);
    if (!command.ok) throw new Error(command.error.message);
    return execFileSync(shell, ['-c', command.value], { cwd: scratch, encoding: 'utf8' }).split('\0').slice(0, -1);
  }

  const shells = ['/bin/sh', '/bin/bash'];
  const hostile = ["'; touch pwned; echo '", '$(touch pwned)', '`touch pwned`', '&& touch pwned', '| tee pwned', '> pwned', '"$HOME"', '* ?', '~root', '${IFS}', '\\', "it's"];

  it.each(shells)('every action of the catalog, hostile configured words included (%s)', (shell) => {
    const cluster = clusterWith({ serviceRestart: ['sh', '-c', ...hostile], switchArgv: ['lb-switch', ...hostile], mnesiaDir: `/srv/${hostile.join('/').replace(/\.\.|\/\/|\\/g, '_')}/rabbit@mq1` });
    const every: Mutation[] = [
      { action: 'stop_app', node: 'rabbit@mq1' },
      { action: 'start_app', node: 'rabbit@mq1' },
      { action: 'reset', node: 'rabbit@mq1' },
      { action: 'join_cluster', node: 'rabbit@mq1', seed: 'rabbit@mq2' },
      { action: 'forget_cluster_node', node: 'rabbit@mq2', forget: 'rabbit@mq1', offline: true },
      { action: 'grow_quorum_queues', node: 'rabbit@mq2', member: 'rabbit@mq1' },
      { action: 'service_start', node: 'rabbit@mq1' },
      { action: 'service_restart', node: 'rabbit@mq1' },
      { action: 'switch' },
      { action: 'wipe_data', node: 'rabbit@mq1' },
      { action: 'management_stop', node: 'rabbit@mq1', via: 'eval' },
      { action: 'management_start', node: 'rabbit@mq2', via: 'plugins' },
    ];
    expect(new Set(every.map((m) => m.action))).toEqual(new Set(mutationActions.filter((a) => a !== 'rollback')));
    for (const mutation of every) {
      const { argv } = planned(cluster, mutation).command;
      expect(wordsAsTheNodeSeesThem(argv, shell)).toEqual(argv);
    }
    expect(readdirSync(scratch)).toEqual([]);
  });

  it('round-trips arbitrary configured service and switch words through dash and bash', () => {
    const shellSyntax = fc.constantFrom("'", '"', '$', '`', ';', '&', '|', '\\', '*', ' ', '(', ')', '#', '~', '$(touch pwned)', "'\\''");
    const piece = fc.oneof(shellSyntax, fc.string({ unit: 'binary', maxLength: 6 }));
    const word = fc.array(piece, { minLength: 1, maxLength: 6 }).map((pieces) => pieces.join('')).filter((s) => s !== '' && !/[\0\n\r]/.test(s));
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 4 }), fc.constantFrom(...shells), fc.constantFrom<Mutation>({ action: 'service_restart', node: 'rabbit@mq1' }, { action: 'switch' }), (words, shell, mutation) => {
        const cluster = clusterWith({ serviceRestart: words, switchArgv: words });
        expect(wordsAsTheNodeSeesThem(planned(cluster, mutation).command.argv, shell)).toEqual(words);
      }),
      { numRuns: 60 },
    );
    expect(readdirSync(scratch)).toEqual([]);
  });

  it('refuses in the config a configured word that could not travel intact', () => {
    const parsed = configSchema.safeParse({ clusters: [{ name: 'prod', role: 'primary', nodes: [node('rabbit@mq1', { serviceRestart: ['systemctl', 'restart\nreboot'] })] }] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ['clusters', 0, 'nodes', 0, 'serviceRestart', 1], message: 'must not contain a line break or NUL' });
  });

  it('gives mutations a deadline of their own, two minutes unless configured', () => {
    const minimal = { clusters: [{ name: 'prod', role: 'primary', nodes: [node('rabbit@mq1')] }] };
    expect(configSchema.parse(minimal).deadlines).toEqual({ connectMs: 5_000, commandMs: 10_000, mutationMs: 120_000 });
    expect(configSchema.parse({ ...minimal, deadlines: { mutationMs: 600_000 } }).deadlines.mutationMs).toBe(600_000);
  });

  it('refuses a switch on a node the cluster does not have', () => {
    const parsed = configSchema.safeParse({ clusters: [{ name: 'prod', role: 'primary', nodes: [node('rabbit@mq1')], rollback: { node: 'rabbit@lb', argv: ['x'] } }] });
    expect(parsed.error?.issues[0]).toMatchObject({ path: ['clusters', 0, 'rollback', 'node'], message: expect.stringContaining('"rabbit@lb" is not a node of cluster prod') });
  });
});
