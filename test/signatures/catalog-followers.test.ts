import { catalogFollowers, signatureCatalog } from '../../src/signatures/catalog';
import { analyzeLogText } from '../../src/signatures/log-analyzer';
import type { Signature } from '../../src/signatures/signature';

const signature = (id: string, logMatchers: Signature['logMatchers']): Signature => ({ ...signatureCatalog[0]!, id, logMatchers });

describe('catalogFollowers', () => {
  it('bounds "node " in the real catalog to lines where " up" follows the name', () => {
    expect(catalogFollowers().get('node ')).toEqual({ within: 260, by: [' up'] });
  });

  it('one matcher that names a literal without followers leaves it unbounded; bounded ones join', () => {
    const catalog = [
      signature('a', [{ literals: ['node ', 'rabbit on'], followedBy: { within: 10, by: [' up'] }, pattern: /node \S+ up/ }]),
      signature('b', [{ literals: ['node '], followedBy: { within: 20, by: [' down'] }, pattern: /node \S+ down/ }]),
      signature('c', [{ literals: ['rabbit on'], pattern: /rabbit on/ }]),
    ];
    expect(catalogFollowers(catalog)).toEqual(new Map([['node ', { within: 20, by: [' up', ' down'] }]]));
  });
});

describe('a literal bounded by its followers, through the analyzer', () => {
  // 3.10 lab lines (test/fixtures/logs/lab-3.10.8): the banner's "node" and "inter-node" are not a return;
  // the node monitor's "node X up" after a down is, in both its plain and quoted forms.
  const log = [
    '2026-11-24 23:47:30.000000+00:00 [info] <0.230.0>  node           : rabbit3@localhost',
    '2026-11-24 23:47:31.000000+00:00 [info] <0.230.0> epmd monitor knows us, inter-node communication (distribution) port: 25674',
    "2026-11-24 23:47:38.344150+00:00 [info] <0.595.0> node 'rabbit@10.213.0.13' down: connection_closed",
    "2026-11-24 23:47:48.344150+00:00 [info] <0.595.0> node 'rabbit@10.213.0.13' up",
    "2026-11-24 23:48:38.344150+00:00 [info] <0.595.0> node 'rabbit@10.213.0.13' down: connection_closed",
    '2026-11-24 23:48:48.344150+00:00 [info] <0.595.0> node rabbit@10.213.0.13 up',
    "2026-11-24 23:49:38.344150+00:00 [info] <0.595.0> node 'rabbit@10.213.0.13' down: connection_closed",
  ].join('\n');

  it('still sees every return of a restart loop', () => {
    const loop = analyzeLogText(log).findings.find((finding) => finding.signature === 'node-restart-loop');
    expect(loop).toMatchObject({ node: 'rabbit@10.213.0.13', count: 3 });
    expect(loop?.summary).toContain('back 2×');
  });
});
