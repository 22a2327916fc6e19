import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { NodeStatus } from '../../src/rabbit/model';
import { parseStatus } from '../../src/rabbit/parse-status';
import { readFixture } from '../helpers/fixtures';

function parsedStatus(text: string): NodeStatus {
  const result = parseStatus(text);
  if (result.kind !== 'parsed') throw new Error(`expected a status, got ${JSON.stringify(result)}`);
  return result.status;
}

const UNKNOWN = { used: null, limit: null };
const GB_RESOLUTION = 100_000;

/** What each corpus sample says, read by hand from the fixture. */
const STATUS_SAMPLES: Readonly<Record<string, Partial<NodeStatus>>> = {
  '3.13-status-text-tail-docker.txt': {
    // The paste ends with the head of the next node's output; its banner names the node.
    node: 'rabbit@rabbit2',
    uptimeSeconds: 5,
    format: 'text',
    complete: false,
  },
  '3.2.3-status-erlang-partial.txt': {
    node: null,
    rabbitmqVersion: '3.2.3',
    erlangVersion: null,
    alarms: null,
    format: 'erlang-terms',
    complete: false,
  },
  '3.3.5-status-and-cluster_status-erlang.txt': {
    node: 'rabbit@node-1',
    rabbitmqVersion: '3.3.5',
    erlangVersion: 'Erlang R16B03-1 (erts-5.10.4) [source] [64-bit] [smp:12:12] [async-threads:30] [hipe] [kernel-poll:true]',
    uptimeSeconds: 496081,
    alarms: [],
    fileDescriptors: { used: 131, limit: 102300 },
    sockets: { used: 129, limit: 92068 },
    processes: { used: 1332, limit: 1048576 },
    disk: { freeBytes: 32282927104, limitBytes: 50000000 },
    format: 'erlang-terms',
    complete: true,
  },
  '3.6.10-status-erlang-banner.txt': {
    node: 'rabbit@vagrant',
    // The fixture authors replaced the version with "version_num": unknown, not guessed from rabbit_common.
    rabbitmqVersion: null,
    uptimeSeconds: 1795,
    alarms: [],
    fileDescriptors: { used: 2, limit: 65436 },
    sockets: { used: 0, limit: 58890 },
    processes: { used: 153, limit: 1048576 },
    disk: { freeBytes: 61216505856, limitBytes: 50000000 },
    complete: true,
  },
  '3.6.10-status-erlang-q.txt': {
    node: null,
    rabbitmqVersion: '3.6.10',
    erlangVersion: 'Erlang/OTP 20 [erts-9.2] [source] [64-bit] [smp:1:1] [ds:1:1:10] [async-threads:64] [kernel-poll:true]',
    uptimeSeconds: 17139,
    alarms: [],
    fileDescriptors: { used: 2, limit: 65436 },
    disk: { freeBytes: 61216497664, limitBytes: 50000000 },
    format: 'erlang-terms',
    complete: true,
  },
  '3.6.6-status-erlang-partial.txt': {
    node: 'rabbit@stream3',
    rabbitmqVersion: '3.6.6',
    erlangVersion: 'Erlang/OTP 19 [erts-8.2.1] [source] [64-bit] [smp:48:4] [async-threads:64] [kernel-poll:true]',
    uptimeSeconds: null,
    alarms: null,
    fileDescriptors: UNKNOWN,
    disk: { freeBytes: null, limitBytes: null },
    complete: false,
  },
  '3.7-doc-status-memory-section-erlang.txt': { node: null, rabbitmqVersion: null, alarms: null, complete: false },
  '3.7.0-status-erlang-k8s-partial.txt': {
    node: 'rabbit@10.244.0.26',
    rabbitmqVersion: '3.7.0',
    erlangVersion: null,
    complete: false,
  },
  '3.7.6-status-json.txt': {
    node: null,
    // "version_num" placeholder in the fixture (see its note); rabbit_common's char-code list says 3.7.6.
    rabbitmqVersion: null,
    erlangVersion: 'Erlang/OTP 20 [erts-9.2] [source] [64-bit] [smp:1:1] [ds:1:1:10] [async-threads:64] [kernel-poll:true]',
    uptimeSeconds: 173,
    alarms: [],
    fileDescriptors: { used: 4, limit: 924 },
    sockets: { used: 0, limit: 829 },
    processes: { used: 214, limit: 1048576 },
    disk: { freeBytes: 61108576256, limitBytes: 50000000 },
    format: 'json',
    complete: true,
  },
  '3.8-status-text-memory-lines.txt': { node: null, format: 'text', complete: false, byteResolution: GB_RESOLUTION },
  '3.8.34-status-text-head.txt': {
    node: 'rabbit@14bc7f94c0ff',
    rabbitmqVersion: '3.8.34',
    erlangVersion: 'Erlang/OTP 24 [erts-12.3.2.1] [source] [64-bit] [smp:2:2] [ds:2:2:10] [async-threads:1]',
    uptimeSeconds: 55,
    processes: { used: 325, limit: 1048576 },
    alarms: null,
    fileDescriptors: UNKNOWN,
    format: 'text',
    complete: false,
  },
  '3.8.x-status-json.txt': {
    node: 'rabbit@vagrant',
    rabbitmqVersion: null,
    erlangVersion: 'Erlang/OTP 21 [erts-10.3.5.8] [source] [64-bit] [smp:1:1] [ds:1:1:10] [async-threads:64]',
    uptimeSeconds: 66,
    alarms: [],
    fileDescriptors: { used: 4, limit: 32668 },
    sockets: { used: 0, limit: 29399 },
    processes: { used: 259, limit: 1048576 },
    disk: { freeBytes: 60898615296, limitBytes: 50000000 },
    format: 'json',
    complete: true,
  },
  '3.9.16-status-text-runtime-section.txt': {
    node: 'rabbit@hostname',
    rabbitmqVersion: '3.9.16',
    uptimeSeconds: 8,
    processes: { used: 464, limit: 1048576 },
    complete: false,
  },
  '4.x-status-text-tail-fd-2025.txt': {
    node: null,
    fileDescriptors: { used: 0, limit: 65438 },
    sockets: UNKNOWN,
    disk: { freeBytes: 49_202_000_000, limitBytes: 1_000_000_000 },
    alarms: null,
    complete: false,
    byteResolution: GB_RESOLUTION,
  },
};

describe('parseStatus over every corpus status sample', () => {
  const files = readdirSync(join(__dirname, '..', 'fixtures', 'status')).filter((file) => file.endsWith('.txt'));

  it('has an expectation for every sample', () => {
    expect(files.sort()).toEqual(Object.keys(STATUS_SAMPLES).sort());
  });

  it.each(Object.entries(STATUS_SAMPLES))('%s', (file, expected) => {
    expect(parsedStatus(readFixture(`status/${file}`))).toMatchObject(expected);
  });
});

describe('memory figures', () => {
  it('reads 3.3 memory (connection_procs) and the limit', () => {
    const status = parsedStatus(readFixture('status/3.3.5-status-and-cluster_status-erlang.txt'));
    expect(status.memory.totalBytes).toBe(96245800);
    expect(status.memory.limitBytes).toBe(27004477440);
    expect(status.memory.breakdown).toMatchObject({ connection_procs: 4630792, binary: 42484128, plugins: 0 });
    expect(status.memory.breakdown).not.toHaveProperty('total');
  });

  it('keeps the memory read before a cut', () => {
    const status = parsedStatus(readFixture('status/3.6.6-status-erlang-partial.txt'));
    expect(status.memory).toEqual({
      totalBytes: 75795416,
      limitBytes: null,
      breakdown: { connection_readers: 46392, connection_writers: 30488, connection_channels: 103016, connection_other: 91984 },
    });
  });

  it('reads 3.7 memory where total comes last', () => {
    const status = parsedStatus(readFixture('status/3.7-doc-status-memory-section-erlang.txt'));
    expect(status.memory.totalBytes).toBe(90398720);
    expect(status.memory.breakdown).toMatchObject({ allocated_unused: 28552208, reserved_unallocated: 0 });
  });

  it('picks the total of the calculation strategy in 3.7 JSON', () => {
    const status = parsedStatus(readFixture('status/3.7.6-status-json.txt'));
    expect(status.memory.totalBytes).toBe(72720384);
    expect(status.memory.limitBytes).toBe(413340467);
    expect(status.memory.breakdown).toMatchObject({ plugins: 5736, code: 24981937 });
  });

  it('reads 3.8+ JSON (vm_memory_high_watermark_limit)', () => {
    const status = parsedStatus(readFixture('status/3.8.x-status-json.txt'));
    expect(status.memory.totalBytes).toBe(80506880);
    expect(status.memory.limitBytes).toBe(413340467);
  });

  it('converts rounded gb text to bytes without claiming more precision than printed', () => {
    const status = parsedStatus(readFixture('status/3.8-status-text-memory-lines.txt'));
    expect(status.memory.totalBytes).toBe(110_300_000);
    expect(status.memory.limitBytes).toBe(6_871_900_000);
    expect(status.byteResolution).toBe(GB_RESOLUTION);
  });

  it('preserves negative category values (3.2 plugins bug)', () => {
    const status = parsedStatus('[{memory,[{total,1000},{plugins,-123}]}]');
    expect(status.memory.breakdown).toEqual({ plugins: -123 });
  });
});

describe('the head of a paste that holds two nodes', () => {
  it('reads the tail above the next banner as its own output', () => {
    const text = readFixture('status/3.13-status-text-tail-docker.txt');
    const status = parsedStatus(text.slice(0, text.indexOf('Status of node')));
    expect(status).toMatchObject({
      node: null,
      fileDescriptors: { used: 0, limit: 1048479 },
      sockets: { used: 0, limit: 943629 },
      disk: { freeBytes: 23_097_400_000, limitBytes: 50_000_000 },
      complete: false,
    });
    expect(status.memory.breakdown).toMatchObject({ stream_queue_procs: 0, allocated_unused: 0 });
  });
});

describe('parseStatus over the 3.10.8 lab captures', () => {
  it.each([
    ['10_healthy_status_rabbit1.txt', 'rabbit1@localhost', 51, 10, 126_000_000, 84_581_400_000],
    ['30_ssh_rabbitmqctl_status_rabbit2.txt', 'rabbit2@localhost', 53, 7, 127_000_000, 84_581_100_000],
    ['110_netns_ssh_from_n0_rabbitmqctl_status_n2.txt', 'rabbit@10.213.0.12', 292, 2, 126_900_000, 84_571_600_000],
  ])('%s (text with ANSI headings)', (file, node, uptime, fdUsed, memory, diskFree) => {
    expect(parsedStatus(readFixture(`lab-3.10.8/${file}`))).toMatchObject({
      node,
      rabbitmqVersion: '3.10.8',
      erlangVersion: 'Erlang/OTP 25 [erts-13.1.5] [source] [64-bit] [smp:2:2] [ds:2:2:10] [async-threads:1] [jit:ns]',
      uptimeSeconds: uptime,
      memory: { totalBytes: memory, limitBytes: 10_110_600_000 },
      alarms: [],
      fileDescriptors: { used: fdUsed, limit: 19903 },
      sockets: { used: 0, limit: 17910 },
      disk: { freeBytes: diskFree, limitBytes: 50_000_000 },
      format: 'text',
      complete: true,
      byteResolution: GB_RESOLUTION,
    });
  });

  it('23_healthy_status_rabbit1_json.txt (3.8+ JSON, exact bytes)', () => {
    const status = parsedStatus(readFixture('lab-3.10.8/23_healthy_status_rabbit1_json.txt'));
    expect(status).toMatchObject({
      node: 'rabbit1@localhost',
      rabbitmqVersion: '3.10.8',
      uptimeSeconds: 54,
      memory: { totalBytes: 126107648, limitBytes: 10110600806 },
      alarms: [],
      fileDescriptors: { used: 10, limit: 19903 },
      processes: { used: 277, limit: 1048576 },
      disk: { freeBytes: 84581269504, limitBytes: 50000000 },
      format: 'json',
      complete: true,
    });
    expect(status.byteResolution).toBeUndefined();
    expect(status.memory.breakdown).toMatchObject({ reserved_unallocated: 76697600, quorum_queue_procs: 179600 });
  });

  it.each([
    ['92_netns_pause_minority_paused_node_cluster_status.txt', 'app-not-running'],
    ['93_netns_pause_minority_paused_node_check_running.txt', 'app-not-running'],
    ['99_netns_ignore_partition_list_queues_timeout10.txt', 'timeout'],
  ])('%s is a CLI failure, not a status', (file, kind) => {
    expect(parseStatus(readFixture(`lab-3.10.8/${file}`))).toMatchObject({ kind: 'cli-failure', failure: { kind } });
  });

  it.each(['47_dead3_status_dead_node.txt', '55_dead3_status_dead_node_json.txt', '80_cookie_mismatch_status.txt'])(
    '%s has an empty stdout: nothing to recognise (the failure is on stderr, see detectCliFailure)',
    (file) => {
      expect(parseStatus(readFixture(`lab-3.10.8/${file}`)).kind).toBe('unrecognized');
    },
  );
});

describe('alarms', () => {
  it('normalises Erlang alarm terms', () => {
    const status = parsedStatus(
      "[{alarms,[file_descriptor_limit,{resource_limit,memory,'rabbit@a'},{{resource_limit,disk,'rabbit@a'},[]}]}]",
    );
    expect(status.alarms).toEqual(['file_descriptor_limit', 'memory', 'disk']);
  });

  it('normalises 3.8+ JSON alarm maps', () => {
    const json = JSON.stringify({
      alarms: [
        { type: 'resource_limit', resource: 'memory', node: 'rabbit@a' },
        { type: 'resource_limit', resource: 'file_descriptors', node: 'rabbit@a' },
      ],
      uptime: 1,
    });
    expect(parsedStatus(json).alarms).toEqual(['memory', 'file_descriptor_limit']);
  });

  it('reads 3.8+ text alarm lines', () => {
    const text = 'Runtime\n\nUptime (seconds): 3\n\nAlarms\n\nFree disk space alarm on node rabbit@a\nMemory alarm on node rabbit@a\n';
    expect(parsedStatus(text).alarms).toEqual(['disk', 'memory']);
  });

  it('says null, not "none", when the version does not report alarms (3.2)', () => {
    expect(parsedStatus('[{pid,1},{uptime,5}]').alarms).toBeNull();
  });
});

describe('parseStatus on what is not a status', () => {
  it.each(['', 'hello world', 'Status of node rabbit@x ...', '{"unrelated": true}', '[{nodes,[{disc,[a@b]}]}]'])(
    '%j is unrecognized',
    (text) => {
      expect(parseStatus(text).kind).toBe('unrecognized');
    },
  );

  it('reports {badrpc,nodedown} printed on stdout', () => {
    expect(parseStatus('Status of node rabbit@x ...\n{badrpc,nodedown}\n')).toEqual({
      kind: 'cli-failure',
      failure: { kind: 'nodedown', evidence: '{badrpc,nodedown}' },
    });
  });
});
