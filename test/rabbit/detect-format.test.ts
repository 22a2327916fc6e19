import { detectFormat } from '../../src/rabbit/detect-format';
import { readFixture } from '../helpers/fixtures';

describe('detectFormat', () => {
  it('skips a shell prompt and the banner, and names the node from the banner', () => {
    const detected = detectFormat("root@host:~# rabbitmqctl status\nStatus of node 'rabbit@x' ...\n[{pid,1}]\n...done.\n", 'status');
    expect(detected).toEqual({ format: 'erlang-terms', payload: '[{pid,1}]\n...done.\n', bannerNode: 'rabbit@x' });
  });

  it('finds an indented Erlang term below slide markup', () => {
    const detected = detectFormat(readFixture('status/3.2.3-status-erlang-partial.txt'));
    expect(detected?.format).toBe('erlang-terms');
    expect(detected?.payload.startsWith('[{pid,10062},')).toBe(true);
    expect(detected?.bannerNode).toBeNull();
  });

  it('recognises 3.8+ text through ANSI bold headings', () => {
    const detected = detectFormat(readFixture('lab-3.10.8/11_healthy_cluster_status.txt'), 'cluster_status');
    expect(detected).toMatchObject({ format: 'text', bannerNode: 'rabbit1@localhost' });
    expect(detected?.payload.startsWith('Basics\n')).toBe(true);
    expect(detected?.payload).not.toContain('\x1b');
  });

  it('recognises JSON on one line and pretty-printed', () => {
    expect(detectFormat(readFixture('lab-3.10.8/23_healthy_status_rabbit1_json.txt'))?.format).toBe('json');
    expect(detectFormat('$ rabbitmqctl status --formatter json | jq .\n{\n  "pid": 1\n}\n')?.format).toBe('json');
  });

  it('recognises a text paste that starts in the middle of the Memory section', () => {
    expect(detectFormat(readFixture('status/3.13-status-text-tail-docker.txt'))?.format).toBe('text');
  });

  it('unwraps output captured inside an Ansible JSON result', () => {
    const detected = detectFormat(readFixture('cluster_status/3.6-cluster_status-ansible-json-escaped.txt'), 'cluster_status');
    expect(detected).toMatchObject({ format: 'erlang-terms', bannerNode: 'rabbit@lib1-rabbit-mq-container-0c2ea151' });
  });

  it('strips documentation "# => " prefixes and source-comment "# " quoting', () => {
    expect(detectFormat(readFixture('cluster_status/3.8plus-doc-cluster_status-text-network-partitions.txt'), 'cluster_status')).toMatchObject({
      format: 'text',
      bannerNode: 'rabbit@warp10',
    });
    expect(detectFormat(readFixture('cluster_status/3.x-rabbitmq-cli-source-comment-partitions-memory-alarm.txt'))?.format).toBe('erlang-terms');
  });

  it('ignores corpus-style "# key: value" header lines', () => {
    expect(detectFormat('# source: somewhere\n# note: x\n[{pid,1}]')?.payload).toBe('[{pid,1}]');
  });

  it('prefers the payload under the requested banner', () => {
    const report = readFixture('cluster_status/3.6-cluster_status-healthy-via-rabbitmq-report.txt');
    expect(detectFormat(report)?.payload.trimStart().startsWith('{file_descriptors')).toBe(true);
    expect(detectFormat(report, 'cluster_status')?.payload.startsWith('[{nodes,')).toBe(true);
  });

  it('ends a text payload at the next banner', () => {
    const detected = detectFormat('Runtime\n\nUptime (seconds): 5\nStatus of node rabbit@b ...\nRuntime\n');
    expect(detected?.payload).toBe('Runtime\n\nUptime (seconds): 5');
  });

  it('finds nothing in prose or error output', () => {
    expect(detectFormat('hello\nworld')).toBeNull();
    expect(detectFormat("Error: unable to perform an operation on node 'rabbit@x'.")).toBeNull();
    expect(detectFormat('Status of node rabbit@x ...\nError: boom\nCluster status of node rabbit@x ...\n[{nodes,[]}]', 'status')).toBeNull();
  });
});
