import path from 'node:path';
import { describeConfig } from '../../src/config/describe-config';
import { formatConfigError, loadConfigFile, type ConfigError } from '../../src/config/load-config';

const fixture = (name: string) => path.join(__dirname, '..', 'fixtures', 'config', name);

function problemsOf(name: string): ConfigError {
  const result = loadConfigFile(fixture(name));
  if (result.ok) throw new Error(`${name} should not load`);
  return result.error;
}

describe('loadConfigFile', () => {
  it('loads a valid config with defaults filled in', () => {
    const result = loadConfigFile(fixture('valid.yml'));
    if (!result.ok) throw new Error(formatConfigError(result.error));
    const { config } = result.value;
    expect(config.clusters.map((c) => [c.name, c.role])).toEqual([['prod', 'primary'], ['standby', 'standby']]);
    expect(config.clusters[0]?.nodes[0]?.ssh.port).toBe(22);
    expect(config.clusters[0]?.nodes[1]?.ssh.port).toBe(2200);
    expect(config.clusters[0]?.nodes[0]?.commandPrefix).toEqual(['sudo', '-n']);
    expect(config.deadlines).toEqual({ connectMs: 3000, commandMs: 10000, mutationMs: 120_000 });
    expect(config.chat.roles.viewer).toEqual(['*']);
  });

  it('summarizes without printing secrets', () => {
    const result = loadConfigFile(fixture('valid.yml'));
    if (!result.ok) throw new Error('valid.yml should load');
    const text = describeConfig(result.value.config, result.value.file);
    expect(text).toContain('rabbit@mq1  ssh ops@10.0.0.1:22, key from $RMQ_BOT_SSH_KEY, known_hosts /etc/rmq-bot/known_hosts');
    expect(text).toContain('rabbit@mq2  ssh ops@mq2.internal:2200, SSH agent, pinned host key');
    expect(text).toContain('cluster standby (standby), 1 node');
  });

  it('names an unknown key with its path, line and the fix', () => {
    const e = problemsOf('unknown-key.yml');
    const text = formatConfigError(e);
    expect(text).toContain('unknown-key.yml:6:9  clusters[0].nodes[0].comandPrefix: unknown key "comandPrefix": remove or correct it');
  });

  it('names a bad value, where it is, and what was expected', () => {
    const text = formatConfigError(problemsOf('bad-port.yml'));
    expect(text).toMatch(/bad-port\.yml:6:\d+ +clusters\[0\]\.nodes\[0\]\.ssh\.port: .*65535.* \(got 70000\)/);
  });

  it('refuses a node without host-key pinning and says how to pin it', () => {
    expect(formatConfigError(problemsOf('no-host-key.yml'))).toContain('clusters[0].nodes[0].ssh: set hostKey or knownHostsFile');
  });

  it('refuses shell metacharacters in a node name', () => {
    expect(formatConfigError(problemsOf('shell-in-node-name.yml'))).toContain('clusters[0].nodes[0].name: expected a RabbitMQ node name');
  });

  it('refuses a secret written inline', () => {
    const text = formatConfigError(problemsOf('inline-secret.yml'));
    expect(text).toContain('clusters[0].nodes[0].ssh.privateKey');
    expect(text).not.toContain('BEGIN OPENSSH PRIVATE KEY');
  });

  it('reports broken YAML with its position', () => {
    const e = problemsOf('broken-yaml.yml');
    expect(e.kind).toBe('invalid');
    expect(formatConfigError(e)).toMatch(/broken-yaml\.yml:\d+:\d+ +\(yaml syntax\)/);
  });

  it('refuses a cluster name used twice', () => {
    expect(formatConfigError(problemsOf('duplicate-cluster.yml'))).toContain('clusters[1].name: cluster name "prod" is used twice');
  });

  it('says how to get a config when the file is missing', () => {
    expect(formatConfigError(problemsOf('nope.yml'))).toContain('no such file');
    expect(formatConfigError(problemsOf('nope.yml'))).toContain('rmq-bot lab up');
  });
});
