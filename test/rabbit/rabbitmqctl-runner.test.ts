import { configSchema, type NodeConfig } from '../../src/config/schema';
import { parseVhostName, type VhostName } from '../../src/rabbit/rabbitmqctl-command';
import { createRabbitmqctlRunner, type RabbitmqctlForms } from '../../src/rabbit/rabbitmqctl-runner';
import type { CommandOutcome, ReaderFor } from '../../src/transport/types';

/* The node's read runner is the I/O edge: it answers as a CLI of a given age would. */
const config = configSchema.parse({ clusters: [{ name: 'lab', role: 'primary', nodes: [{ name: 'rabbit@old', ssh: { host: '127.0.0.1', user: 'root', agent: true, allowUnknownHostKey: true } }] }] });
const node = config.clusters[0]?.nodes[0] as NodeConfig;
const vhost = (() => {
  const parsed = parseVhostName('/');
  if (!parsed.ok) throw new Error('vhost');
  return parsed.value;
})();

const ok = (stdout: string): CommandOutcome => ({ kind: 'ok', stdout, stderr: '', durationMs: 5, truncated: false });
const failed = (exitCode: number, stdout: string, stderr = ''): CommandOutcome => ({ kind: 'command-failed', exitCode, signal: null, stdout, stderr, durationMs: 5, truncated: false });

function scripted(answer: (words: string) => CommandOutcome, asked: string[]): ReaderFor {
  return () => ({
    read: async ({ access, argv }) => {
      expect(access).toBe('read');
      const words = argv.slice(argv.indexOf('-n') + 2).join(' ');
      asked.push(words);
      return answer(words);
    },
  });
}

const offlineThenHome = (v: VhostName): RabbitmqctlForms<{ command: 'list_queues'; columns: 'full' | 'home'; scope: 'offline' | 'all'; vhost: VhostName }> => [
  { query: { command: 'list_queues', columns: 'full', scope: 'offline', vhost: v }, format: 'text' },
  { query: { command: 'list_queues', columns: 'home', scope: 'all', vhost: v }, format: 'text' },
];

describe('the rabbitmqctl runner', () => {
  it('asks an older CLI that refused an option in the older form, and does not ask it the newer form again', async () => {
    const asked: string[] = [];
    const runner = createRabbitmqctlRunner(scripted((words) => (words.includes('--offline') ? failed(64, '', 'Error: invalid option --offline') : ok('cq.home3\t<rabbit@old.1.2.3>\ttrue\n')), asked));
    const first = await runner.ask('lab', node, offlineThenHome(vhost));
    expect(first.form.query).toMatchObject({ columns: 'home', scope: 'all' });
    expect(first.outcome.kind).toBe('ok');
    await runner.ask('lab', node, offlineThenHome(vhost));
    expect(asked).toEqual(['list_queues -p / --offline name type durable pid leader members online messages state', 'list_queues -p / name pid durable', 'list_queues -p / name pid durable']);
  });

  it('does not fall back, nor learn, when the node itself is down: an older form would not help', async () => {
    const asked: string[] = [];
    const nodedown = failed(69, '', 'Error: unable to perform an operation on node rabbit@old. Please see diagnostics information and suggestions below.');
    const runner = createRabbitmqctlRunner(scripted(() => nodedown, asked));
    expect(await runner.ask('lab', node, [{ query: { command: 'status' }, format: 'json' }, { query: { command: 'status' }, format: 'text' }])).toEqual({ outcome: nodedown, form: { query: { command: 'status' }, format: 'json' } });
    expect(asked).toEqual(['status --formatter json']);
  });

  it('keeps asking the newest form when the older one failed too', async () => {
    const asked: string[] = [];
    const runner = createRabbitmqctlRunner(scripted(() => failed(2, 'Error: something else'), asked));
    await runner.ask('lab', node, offlineThenHome(vhost));
    await runner.ask('lab', node, offlineThenHome(vhost));
    expect(asked.filter((words) => words.includes('--offline'))).toHaveLength(2);
  });
});
