import { apiNodesSchema, type ApiNode } from '../../src/management/management-model';
import { readApiNodes } from '../../src/status/read-api-nodes';
import { readFixture } from '../helpers/fixtures';

const capture = apiNodesSchema.parse(JSON.parse(readFixture('management/api-nodes-3.10.8-one-node.json')));
const [own] = capture as [ApiNode];

describe('readApiNodes: status and cluster_status from one /api/nodes answer', () => {
  it('reads the capture of a lab node as rabbitmqctl would have shown it', () => {
    const read = readApiNodes(capture, own.name);
    expect(read?.status).toMatchObject({
      node: own.name,
      rabbitmqVersion: '3.10.8',
      erlangVersion: null,
      uptimeSeconds: Math.floor((own.uptime ?? 0) / 1000),
      memory: { totalBytes: own.mem_used, limitBytes: own.mem_limit },
      alarms: [],
      fileDescriptors: { used: own.fd_used, limit: own.fd_total },
      disk: { freeBytes: own.disk_free, limitBytes: 50_000_000 },
    });
    expect(read?.view).toMatchObject({ node: own.name, discNodes: [own.name], ramNodes: [], runningNodes: [own.name], partitions: [], alarms: [] });
  });

  it('a peer that is down stays a member that does not run; alarms and partitions use the CLI names', () => {
    const peers: ApiNode[] = [
      { ...own, mem_alarm: true, partitions: ['rabbit@mq3'] },
      { name: 'rabbit@mq2', type: 'ram', running: true, disk_free_alarm: true },
      { name: 'rabbit@mq3', type: 'disc', running: false },
    ];
    const read = readApiNodes(peers, own.name);
    expect(read?.status.alarms).toEqual(['memory']);
    expect(read?.view).toMatchObject({
      discNodes: [own.name, 'rabbit@mq3'],
      ramNodes: ['rabbit@mq2'],
      runningNodes: [own.name, 'rabbit@mq2'],
      partitions: [{ node: own.name, cannotSee: ['rabbit@mq3'] }],
      alarms: [{ node: own.name, alarms: ['memory'] }, { node: 'rabbit@mq2', alarms: ['disk'] }],
    });
  });

  it('an answer that does not list the node as running sends status to rabbitmqctl', () => {
    expect(readApiNodes(capture, 'rabbit@elsewhere')).toBeNull();
    expect(readApiNodes([{ name: own.name, running: false }], own.name)).toBeNull();
  });

  it('refuses an answer of the wrong shape at the boundary', () => {
    expect(apiNodesSchema.safeParse({ error: 'Not_Authorized' }).success).toBe(false);
    expect(apiNodesSchema.safeParse([{ name: 'rabbit@mq1' }]).success).toBe(false);
  });
});

describe('readApiNodes on a plugin that has not collected its first stats yet', () => {
  it('an entry without figures sends status to rabbitmqctl rather than showing unknowns', () => {
    expect(readApiNodes([{ name: own.name, type: 'disc', running: true, partitions: [] }], own.name)).toBeNull();
  });
});
