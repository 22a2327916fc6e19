import { execFileSync } from 'node:child_process';
import type { ClusterConfig, NodeConfig } from '../../src/config/schema';
import {
  logGrepCommand,
  logTailCommand,
  rabbitmqctlCommand,
  parseLogSearchText,
  parseVhostName,
  resolveConfiguredNode,
  type LogSearchText,
  type RabbitmqctlQuery,
} from '../../src/rabbit/rabbitmqctl-command';
import { toRemoteCommand } from '../../src/transport/remote-command';

const node: NodeConfig = {
  name: 'rabbit2@localhost',
  ssh: { host: '127.0.0.1', port: 2222, user: 'root', agent: false, allowUnknownHostKey: true },
  commandPrefix: ['sudo', '-n'],
  rabbitmqctl: '/usr/lib/rabbitmq/bin/rabbitmqctl',
  env: { HOME: '/srv/rmqlab/home', LANG: 'C.UTF-8' },
  longNames: false,
  logFile: '/var/log/rabbitmq/rabbit2@localhost.log',
};

const cluster: ClusterConfig = { name: 'lab', role: 'primary', nodes: [node, { ...node, name: 'rabbit3@localhost' }] };

function valid<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value;
}

const hostileVhost = valid(parseVhostName(`prod'; rm -rf / #$(id)\`id\` "x" *`));

describe('rabbitmqctlCommand', () => {
  it('builds status as env, rabbitmqctl, node, command and formatter', () => {
    expect(rabbitmqctlCommand(node, { command: 'status' }, 'json')).toMatchObject({ access: 'read', name: 'status' });
    expect(rabbitmqctlCommand(node, { command: 'status' }, 'json').argv).toEqual([
      'env', 'HOME=/srv/rmqlab/home', 'LANG=C.UTF-8',
      '/usr/lib/rabbitmq/bin/rabbitmqctl', '-n', 'rabbit2@localhost',
      'status', '--formatter', 'json',
    ]);
  });

  it('adds -l for long node names and leaves out env when there is none', () => {
    const longNode: NodeConfig = { ...node, name: 'rabbit@10.213.0.12', longNames: true, env: {} };
    expect(rabbitmqctlCommand(longNode, { command: 'cluster_status' }, 'text').argv).toEqual([node.rabbitmqctl, '-n', 'rabbit@10.213.0.12', '-l', 'cluster_status']);
  });

  it('lists queues with a fixed column set, a scope flag and the vhost as its own word', () => {
    const { argv } = rabbitmqctlCommand(node, { command: 'list_queues', columns: 'home', scope: 'offline', vhost: hostileVhost }, 'text');
    expect(argv.slice(argv.indexOf('list_queues'))).toEqual(['list_queues', '-p', hostileVhost, '--offline', 'name', 'pid', 'durable']);
  });

  it('delivers every word, hostile vhost included, intact through the remote shell', () => {
    const { argv } = rabbitmqctlCommand(node, { command: 'list_queues', columns: 'full', scope: 'all', vhost: hostileVhost }, 'text');
    // printf in front prints the words instead of running them: exactly what the node would execute.
    const command = valid(toRemoteCommand(['printf', '%s\\0', ...argv]));
    const words = execFileSync('/bin/bash', ['-c', command], { encoding: 'utf8' }).split('\0').slice(0, -1);
    expect(words).toEqual(argv);
  });

  it.each(['list_exchanges', 'list_bindings'] as const)('%s takes the vhost as one word and fixed columns, and delivers a hostile vhost intact', (command) => {
    const { argv, access } = rabbitmqctlCommand(node, { command, vhost: hostileVhost }, 'json');
    expect(access).toBe('read');
    expect(argv.slice(argv.indexOf(command), argv.indexOf(command) + 3)).toEqual([command, '-p', hostileVhost]);
    expect(argv.slice(-2)).toEqual(['--formatter', 'json']);
    const remote = valid(toRemoteCommand(['printf', '%s\\0', ...argv]));
    expect(execFileSync('/bin/bash', ['-c', remote], { encoding: 'utf8' }).split('\0').slice(0, -1)).toEqual(argv);
  });
});

describe('chat arguments', () => {
  it('resolves a configured node and refuses names with shell metacharacters', () => {
    expect(valid(resolveConfiguredNode(cluster, 'rabbit3@localhost')).name).toBe('rabbit3@localhost');
    for (const name of ['rabbit@h; id', 'rabbit@$(id)', 'rabbit@`id`', "rabbit@h'", 'rabbit@h h', 'rabbit', 'rabbit@h\n']) {
      expect(resolveConfiguredNode(cluster, name)).toEqual({ ok: false, error: expect.objectContaining({ kind: 'invalid-argument', argument: 'node' }) });
    }
  });

  it('refuses a well-formed node that is not in the cluster, listing the known ones', () => {
    expect(resolveConfiguredNode(cluster, 'rabbit9@localhost')).toEqual({
      ok: false,
      error: { kind: 'unknown-node', node: 'rabbit9@localhost', cluster: 'lab', knownNodes: ['rabbit2@localhost', 'rabbit3@localhost'] },
    });
  });

  it('accepts printable vhosts and refuses control characters, a leading dash and overlong names', () => {
    expect(valid(parseVhostName('/'))).toBe('/');
    expect(valid(parseVhostName('prod eu/ünï ✓'))).toBe('prod eu/ünï ✓');
    for (const bad of ['', 'a\nb', 'a\0b', 'tab\there', '--online', 'x'.repeat(256)]) {
      expect(parseVhostName(bad)).toMatchObject({ ok: false, error: { kind: 'invalid-argument', argument: 'vhost' } });
    }
  });

  it('accepts search text with metacharacters but not line breaks', () => {
    expect(valid(parseLogSearchText('-e $(id) | *'))).toBe('-e $(id) | *');
    expect(parseLogSearchText('a\nb')).toMatchObject({ ok: false, error: { argument: 'search-text' } });
  });
});

describe('log invocations', () => {
  it('reads a bounded tail of the configured log file', () => {
    expect(valid(logTailCommand(node, { bytes: 65_536 })).argv).toEqual(['tail', '-c', '65536', '--', '/var/log/rabbitmq/rabbit2@localhost.log']);
  });

  it('greps for fixed text passed with -e, so a leading dash stays text', () => {
    const text: LogSearchText = valid(parseLogSearchText('-v partial'));
    expect(valid(logGrepCommand(node, { text, maxLines: 500 })).argv).toEqual([
      'grep', '-F', '-m', '500', '-e', '-v partial', '--', '/var/log/rabbitmq/rabbit2@localhost.log',
    ]);
  });

  it('reports a node without a log file', () => {
    const withoutLog: NodeConfig = { ...node, logFile: undefined };
    expect(logTailCommand(withoutLog, { bytes: 10 })).toEqual({ ok: false, error: { kind: 'no-log-file', node: 'rabbit2@localhost' } });
  });
});

describe('typing', () => {
  it('accepts only chat words that went through their schema', () => {
    // @ts-expect-error a plain string is not a VhostName: it must come from parseVhostName
    const unchecked: RabbitmqctlQuery = { command: 'list_queues', columns: 'home', scope: 'all', vhost: '/' };
    const checked: RabbitmqctlQuery = { command: 'list_queues', columns: 'home', scope: 'all', vhost: valid(parseVhostName('/')) };
    expect(checked).toEqual(unchecked);
  });

  it('cannot express a mutating command', () => {
    // @ts-expect-error stop_app is not a read query: mutations are built by src/mutations only
    const mutating: RabbitmqctlQuery = { command: 'stop_app' };
    expect(mutating.command).toBe('stop_app');
    expect(rabbitmqctlCommand(node, { command: 'status' }, 'text').access).toBe('read');
  });
});
