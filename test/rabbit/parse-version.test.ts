import { compareVersions, jsonFormatterFlavour, parseRabbitVersion, supportsJsonFormatter } from '../../src/rabbit/parse-version';
import { readFixture } from '../helpers/fixtures';

describe('parseRabbitVersion', () => {
  it.each([
    ['3.10.8\n', '3.10.8'],
    ['$ rabbitmqctl version\n3.7.0-rc.1\n', '3.7.0-rc.1'],
    ['{"rabbitmq_version":"3.10.8"}', '3.10.8'],
    ['rabbit@a: RabbitMQ 3.9.20 on Erlang 24.3.4.1', '3.9.20'],
  ])('%j → %s', (text, version) => {
    expect(parseRabbitVersion(text)?.text).toBe(version);
  });

  it('reads status outputs in each format', () => {
    expect(parseRabbitVersion(readFixture('lab-3.10.8/10_healthy_status_rabbit1.txt'))).toEqual({ major: 3, minor: 10, patch: 8, text: '3.10.8' });
    expect(parseRabbitVersion(readFixture('lab-3.10.8/23_healthy_status_rabbit1_json.txt'))?.text).toBe('3.10.8');
    expect(parseRabbitVersion(readFixture('status/3.6.6-status-erlang-partial.txt'))?.text).toBe('3.6.6');
    expect(parseRabbitVersion(readFixture('cluster_status/3.9.20-cluster_status-text-single-node.txt'))?.text).toBe('3.9.20');
  });

  it('does not take a placeholder or an unrelated number for a version', () => {
    expect(parseRabbitVersion('{rabbit,"RabbitMQ","version_num"}')).toBeNull();
    expect(parseRabbitVersion('Uptime (seconds): 51')).toBeNull();
  });
});

describe('compareVersions', () => {
  it('orders numerically, not as text', () => {
    expect(compareVersions('3.10.8', '3.9.20')).toBe(1);
    expect(compareVersions('3.2.4', '3.2.4')).toBe(0);
    expect(compareVersions('3.7', '3.7.0')).toBe(0);
    expect(compareVersions('3.6.15', '4.0.1')).toBe(-1);
    expect(compareVersions('x', '3.7.0')).toBeNull();
  });
});

describe('JSON formatter support', () => {
  it.each([
    ['3.2.4', false, null],
    ['3.6.10', false, null],
    ['3.7.0', true, 'raw-proplist'],
    ['3.7.28', true, 'raw-proplist'],
    ['3.8.0', true, 'structured'],
    ['4.1.2', true, 'structured'],
  ])('%s', (version, supported, flavour) => {
    expect(supportsJsonFormatter(version)).toBe(supported);
    expect(jsonFormatterFlavour(version)).toBe(flavour);
  });
});
