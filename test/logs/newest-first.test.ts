import { analyzeInput } from '../../src/analyze/analyze-input';
import { parseLine } from '../../src/logs/line-header';
import { isNewestFirst, oldestFirst } from '../../src/logs/newest-first';
import type { Finding } from '../../src/signatures/finding';
import { analyzeLogText } from '../../src/signatures/log-analyzer';
import { readFixture } from '../helpers/fixtures';

/*
 * No real newest-first paste of a RabbitMQ log was found in public text (searched issue trackers and
 * Q&A pages for Loki, Kibana and CloudWatch pastes), so these are real samples rendered the way those
 * viewers show them: one entry per line, newest first. Named here so nobody takes them for captures.
 */
const newestFirst = (text: string): string => `${text.trimEnd().split('\n').reverse().join('\n')}\n`;

const analyzeText = (text: string) =>
  analyzeInput(
    'paste',
    (async function* () {
      yield Buffer.from(text, 'utf8');
    })(),
  );

/** What a finding says, without where in the paste it was (line numbers do change). */
const summary = (findings: readonly Finding[]) =>
  findings.map((f) => `${f.signature} ${JSON.stringify(f.subject)} ${f.state} ×${f.count} ${f.firstTime ?? ''}…${f.lastTime ?? ''} ${JSON.stringify(f.cycle ?? null)}`).sort();

const RESTART_LOOP = 'logs2/node-restart-loop-k8s-peers-3.7-lager.txt';
const SURVIVOR = 'logs/lab-3.10.8/61_dead3_survivor_log_rabbit1.txt';

describe('newest-first pastes', () => {
  it.each([RESTART_LOOP, SURVIVOR])('%s pasted newest first gives the findings of the log in time order', async (file) => {
    const text = readFixture(file);
    const report = await analyzeText(newestFirst(text));
    expect(report.kind).toBe('log');
    expect(summary(report.findings)).toEqual(summary(analyzeLogText(text).findings));
  });

  it('still counts the restart loop of ha-2 (two returns) and not of ha-1 (one), as in time order', async () => {
    const loops = (await analyzeText(newestFirst(readFixture(RESTART_LOOP)))).findings.filter((f) => f.signature === 'node-restart-loop');
    expect(loops.map((f) => f.subject.node)).toEqual(['rabbit@rabbitmq-rabbitmq-ha-2.rabbitmq-rabbitmq-ha-discovery.workflow.svc.cluster.local']);
  });

  it('tells a reversed paste from one in time order, and from a few lines out of order', () => {
    const text = readFixture(RESTART_LOOP);
    const lines = (t: string) => t.split('\n').map(parseLine);
    expect(isNewestFirst(lines(newestFirst(text)))).toBe(true);
    expect(isNewestFirst(lines(text))).toBe(false);
    expect(isNewestFirst(lines(text.split('\n').slice(0, 2).reverse().join('\n')))).toBe(false);
  });

  it('keeps the lines of one entry together and in their order when it reverses entries', () => {
    const entries = ['2019-04-17 19:46:29.300 [warning] <0.298.0> second', '  continued', '2019-04-17 19:46:28.300 [info] <0.298.0> first'];
    expect(oldestFirst(`${entries.join('\n')}\n`)).toBe(`${entries[2]}\n${entries[0]}\n${entries[1]}\n`);
  });
});
