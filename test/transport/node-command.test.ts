import { execFileSync } from 'node:child_process';
import type { NodeConfig } from '../../src/config/schema';
import { nodeCommandArgv } from '../../src/transport/node-command';
import { toRemoteCommand } from '../../src/transport/remote-command';

const node: NodeConfig = {
  name: 'rabbit1@localhost',
  ssh: { host: '127.0.0.1', port: 22, user: 'rmqbot', agent: true, allowUnknownHostKey: false, hostKey: 'ssh-ed25519 AAAA' },
  commandPrefix: ['sudo', '-n'],
  rabbitmqctl: 'rabbitmqctl',
  env: {},
  longNames: false,
};

describe('nodeCommandArgv', () => {
  it('puts the prefix first, then a remote deadline a little after the bot’s own', () => {
    expect(nodeCommandArgv(node, ['rabbitmqctl', 'status'], 10_000)).toEqual(['sudo', '-n', 'timeout', '--kill-after=1', '10.250', 'rabbitmqctl', 'status']);
    expect(nodeCommandArgv({ ...node, commandPrefix: [] }, ['true'], 1_500)).toEqual(['timeout', '--kill-after=1', '1.750', 'true']);
  });

  it('gives GNU timeout a duration it accepts, which kills the command on time', () => {
    const argv = nodeCommandArgv({ ...node, commandPrefix: [] }, ['sleep', '5'], 100);
    const command = toRemoteCommand(argv);
    if (!command.ok) throw new Error(command.error.message);
    const started = performance.now();
    let status: number | null = null;
    try {
      execFileSync('/bin/sh', ['-c', command.value]);
    } catch (e) {
      status = (e as { status: number | null }).status;
    }
    expect(status).toBe(124);
    expect(performance.now() - started).toBeLessThan(1_500);
  });
});
