import { formatLabStatus, type LabStatus } from '../../src/lab/lab-status';

const status: LabStatus = {
  dir: '/srv/lab',
  network: 'loopback',
  cuts: [],
  extras: ['lab load running, pid 4100 (rmq-bot lab load --stop stops it)', 'cpu stress of rabbit2@localhost: 4 of 4 busy loops running'],
  configPath: '/srv/lab/rmq-bot.lab.yaml',
  nodes: [{ name: 'rabbit1@localhost', cluster: 'lab', beamPid: 1200, process: 'running', answer: 'pong', answerMs: 310 }],
  sshd: { pid: 900, port: 2222, process: 'running', banner: 'SSH-2.0-OpenSSH_9.2p1' },
};

describe('formatLabStatus', () => {
  it('lists the load and every stress the lab started, after the nodes and the sshd', () => {
    expect(formatLabStatus(status).split('\n')).toEqual([
      'lab in /srv/lab (loopback)',
      '  rabbit1@localhost  lab          running  pid 1200    answers ping (310 ms)',
      '  sshd 127.0.0.1:2222  running  pid 900  SSH-2.0-OpenSSH_9.2p1',
      '  lab load running, pid 4100 (rmq-bot lab load --stop stops it)',
      '  cpu stress of rabbit2@localhost: 4 of 4 busy loops running',
      'config: /srv/lab/rmq-bot.lab.yaml',
      '',
    ]);
  });
});
