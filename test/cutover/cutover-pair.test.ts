import { formatConfigError, parseConfigText } from '../../src/config/load-config';
import type { BotConfig } from '../../src/config/schema';
import { pairOfStandby, pickCutoverPair } from '../../src/cutover/cutover-pair';
import { UserFacingError } from '../../src/errors/user-facing-error';

const cluster = (name: string, role: 'primary' | 'standby', extra = '') => `
  - name: ${name}
    role: ${role}${extra}
    nodes:
      - name: rabbit@${name}1
        ssh: { host: 10.0.0.1, user: ops, agent: true, knownHostsFile: /etc/rmq-bot/known_hosts }`;

const parse = (...clusters: string[]) => parseConfigText(`clusters:${clusters.join('')}\n`, 'bot.yml');

function config(...clusters: string[]): BotConfig {
  const parsed = parse(...clusters);
  if (!parsed.ok) throw new Error(formatConfigError(parsed.error));
  return parsed.value;
}

function configError(...clusters: string[]): string {
  const parsed = parse(...clusters);
  if (parsed.ok) throw new Error('the config was accepted');
  return formatConfigError(parsed.error);
}

function userError(body: () => unknown): string {
  try {
    body();
  } catch (e) {
    if (e instanceof UserFacingError) return `${e.message} ${e.hint ?? ''}`.trim();
    throw e;
  }
  throw new Error('no error');
}

describe('standby pairing in the config', () => {
  it('accepts a primary naming a standby, and the pair is found from either side', () => {
    const c = config(cluster('prod', 'primary', '\n    standby: dr'), cluster('dr', 'standby'), cluster('test', 'primary'));
    expect(pickCutoverPair(c, undefined)).toMatchObject({ primary: { name: 'prod' }, standby: { name: 'dr' } });
    expect(pickCutoverPair(c, 'prod').standby.name).toBe('dr');
    expect(pairOfStandby(c, 'dr')?.primary.name).toBe('prod');
    expect(pairOfStandby(c, 'prod')).toBeNull();
  });

  it('refuses a standby that does not exist, naming the standbys to choose from', () => {
    expect(configError(cluster('prod', 'primary', '\n    standby: dr-eu'), cluster('dr', 'standby'))).toContain('"dr-eu" is not a configured cluster; name one of the clusters with role standby: dr');
  });

  it('refuses a primary as the standby, and a standby naming a standby', () => {
    expect(configError(cluster('prod', 'primary', '\n    standby: test'), cluster('test', 'primary'))).toContain('"test" has role primary, so it cannot back prod; describe the standby cluster with role: standby');
    expect(configError(cluster('prod', 'primary'), cluster('dr', 'standby', '\n    standby: dr2'), cluster('dr2', 'standby'))).toContain('only a primary names its standby; remove standby from dr (role standby)');
  });

  it('refuses one standby backing two primaries: its one switch and rollback could not serve both', () => {
    const error = configError(cluster('prod', 'primary', '\n    standby: dr'), cluster('prod2', 'primary', '\n    standby: dr'), cluster('dr', 'standby'));
    expect(error).toContain('standby dr already backs primary prod; give prod2 a standby of its own');
    expect(error).toContain('clusters[1].standby');
  });
});

describe('pickCutoverPair', () => {
  it('says how to fix a primary without a standby, an unknown primary, and an ambiguous choice', () => {
    const unpaired = config(cluster('prod', 'primary'), cluster('dr', 'standby'));
    expect(userError(() => pickCutoverPair(unpaired, 'prod'))).toBe('Primary prod names no standby, so there is nothing to cut over to. Add `standby: NAME` to its entry in the config, naming a cluster with role: standby.');
    expect(userError(() => pickCutoverPair(unpaired, undefined))).toMatch(/^No primary cluster names a standby/);
    expect(userError(() => pickCutoverPair(unpaired, 'nope'))).toBe('There is no primary cluster named "nope". Primary clusters: prod.');
    const two = config(cluster('a', 'primary', '\n    standby: a-dr'), cluster('b', 'primary', '\n    standby: b-dr'), cluster('a-dr', 'standby'), cluster('b-dr', 'standby'));
    expect(userError(() => pickCutoverPair(two, undefined))).toBe('Name the primary cluster to cut over. Primaries with a standby: a, b.');
    expect(pickCutoverPair(two, 'b').standby.name).toBe('b-dr');
  });
});
