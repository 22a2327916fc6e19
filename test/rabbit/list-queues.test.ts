import { nodeOfPid, parseListQueues } from '../../src/rabbit/parse-list-queues';
import { queueColumnSets } from '../../src/rabbit/rabbitmqctl-command';
import { readFixture } from '../helpers/fixtures';

const lab = (file: string) => readFixture(`lab-3.10.8/${file}`);
const parse = (file: string, columns: readonly string[] = queueColumnSets.full) => {
  const parsed = parseListQueues(lab(file), { vhost: '/', columns });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};

describe('parseListQueues on real 3.10.8 captures', () => {
  it('reads --offline text: the queue whose home node is down, with that node from its pid', () => {
    expect(parse('56_dead3_list_queues_offline.txt', ['name', 'type', 'pid', 'state'])).toEqual([
      { name: 'cq.home3b', vhost: '/', node: 'rabbit3@localhost', durable: null, type: 'rabbit_classic_queue', messages: null, state: 'down' },
    ]);
  });

  it('reads --offline JSON: same queue, but the JSON pid names no node', () => {
    expect(parse('59_dead3_list_queues_offline_json.txt')).toEqual([
      { name: 'cq.home3b', vhost: '/', node: null, durable: null, type: 'rabbit_classic_queue', messages: null, state: 'down' },
    ]);
  });

  it('reads the full text listing after a crash: the down classic queue has no message count, the others do', () => {
    const queues = parse('43_dead3_list_queues_full.txt');
    expect(queues.map((q) => [q.name, q.node, q.type, q.durable, q.messages, q.state])).toEqual([
      ['cq.home3', 'rabbit3@localhost', 'rabbit_classic_queue', true, null, 'down'],
      ['cq.home1', 'rabbit1@localhost', 'classic', true, 5, 'running'],
      ['qq.orders', 'rabbit1@localhost', 'quorum', true, 3, 'running'],
      ['qq.home3', 'rabbit2@localhost', 'quorum', true, 2, 'running'],
      ['cq.home2', 'rabbit2@localhost', 'classic', true, 5, 'running'],
    ]);
  });

  it('reads the same listing as JSON (messages "" is unknown, not zero)', () => {
    const queues = parse('44_dead3_list_queues_full_json.txt');
    expect(queues.map((q) => [q.name, q.node, q.messages, q.state])).toEqual([
      ['cq.home3', null, null, 'down'],
      ['cq.home1', null, 5, 'running'],
      ['qq.orders', null, 3, 'running'],
      ['qq.home3', null, 2, 'running'],
      ['cq.home2', null, 5, 'running'],
    ]);
  });

  it('reads the home column set (name pid durable) of every version', () => {
    expect(parse('13_healthy_list_queues_name_pid_durable.txt', queueColumnSets.home).map((q) => [q.name, q.node, q.durable])).toEqual([
      ['cq.home1', 'rabbit1@localhost', true],
      ['qq.orders', 'rabbit1@localhost', true],
      ['cq.home2', 'rabbit2@localhost', true],
      ['qq.home3', 'rabbit3@localhost', true],
      ['cq.home3', 'rabbit3@localhost', true],
    ]);
  });

  it('reads headerless pre-3.8 text with the columns asked for', () => {
    const old = 'Listing queues ...\nbase.moses.task4\t<rabbit@qc-moses-rmq-bak-7.3.1420.0>\ttrue\n...done.\n';
    expect(parseListQueues(old, { vhost: 'moses', columns: queueColumnSets.home })).toEqual({
      ok: true,
      value: [{ name: 'base.moses.task4', vhost: 'moses', node: 'rabbit@qc-moses-rmq-bak-7', durable: true, type: null, messages: null, state: null }],
    });
  });

  it('reads an empty listing as no queues, and refuses rows that do not fit the columns', () => {
    expect(parseListQueues('Timeout: 60.0 seconds ...\nListing queues for vhost / ...\n', { vhost: '/', columns: queueColumnSets.full })).toEqual({ ok: true, value: [] });
    expect(parseListQueues('[]\n', { vhost: '/', columns: queueColumnSets.full })).toEqual({ ok: true, value: [] });
    expect(parseListQueues('name\ttype\nq1\tclassic\textra\n', { vhost: '/', columns: queueColumnSets.full }).ok).toBe(false);
  });
});

describe('nodeOfPid', () => {
  it('keeps dots of long node names and ignores JSON pids', () => {
    expect(nodeOfPid('<rabbit@10.213.0.13.1795563751.1420.0>')).toBe('rabbit@10.213.0.13');
    expect(nodeOfPid('#PID<12799.1420.0>')).toBeNull();
    expect(nodeOfPid('')).toBeNull();
  });
});
