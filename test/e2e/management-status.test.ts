import { createServices, type RunningServices } from '../../src/app/create-services';
import { buildRegistry } from '../../src/app/build-registry';
import { renderReplyText } from '../../src/chat/console/render-text';
import { runCommandText } from '../../src/commands/run-command';
import type { CommandContext } from '../../src/commands/types';
import { loadConfigFile } from '../../src/config/load-config';
import { disableLabManagement, enableLabManagement, writeLabManagementConfig } from '../../src/lab/lab-management';
import { silentLogger } from '../../src/observability/logger';
import type { Block, Reply } from '../../src/reply/model';
import { useTestLab } from '../helpers/lab';
import { statusApiBoundMs } from '../../src/status/read-status-via-api';
import { attemptUntil, nodeAnswerBoundMs, SCHEDULING_SLACK_MS } from '../helpers/wait-for';

jest.setTimeout(240_000);

const text = (reply: Reply): string => renderReplyText(reply, { colour: false, buttonIds: [] });
const value = (reply: Reply, node: string, label: string): string | undefined =>
  reply.blocks.find((b): b is Extract<Block, { kind: 'fields' }> => b.kind === 'fields' && b.title === node)?.fields.find((f) => f.label === label)?.value;
const closing = (reply: Reply): string => reply.blocks.find((b): b is Extract<Block, { kind: 'context' }> => b.kind === 'context')?.text ?? '';

describe('/rmq status through the management API where it answers, rabbitmqctl where it does not', () => {
  const lab = useTestLab({ nodes: 2 });
  let services: RunningServices | null = null;

  const status = async (): Promise<Reply> => {
    if (services === null) {
      const loaded = loadConfigFile(lab().configPath);
      if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
      services = createServices(loaded.value, silentLogger);
    }
    const ctx: CommandContext = { actor: { id: 'U0ALICE', role: 'viewer' }, channel: 'console', services, progress: () => undefined };
    return runCommandText(buildRegistry(), 'status lab', ctx, silentLogger);
  };

  afterAll(async () => {
    await services?.close();
  });

  it('both APIs answer: one call per node, the same verdict and rows, and a vitals line per node', async () => {
    await enableLabManagement(lab(), '1');
    await enableLabManagement(lab(), '2');
    writeLabManagementConfig(lab());
    // The plugin has figures for its node one stats interval (5 s) after it starts; until then status asks rabbitmqctl.
    const reply = await attemptUntil(status, (r) => closing(r).includes('management API for 2'), 20, 1_000);
    process.stderr.write(`[status via API]\n${text(reply)}\n`);
    expect(reply.summary).toBe('lab: 2 of 2 nodes up; no problems seen');
    expect(closing(reply)).toMatch(/^Asked 2 nodes over SSH in .*: management API for 2, rabbitmqctl for 0\.$/);
    for (const n of ['1', '2']) {
      const name = lab().node(n).name;
      expect(value(reply, name, 'State')).toBe('up (read via the management API)');
      expect(value(reply, name, 'RabbitMQ')).toBe('3.10.8');
      expect(value(reply, name, 'Uptime')).not.toBe('unknown');
      expect(value(reply, name, 'Sees running')).toBe('all 2 configured nodes');
      expect(value(reply, name, 'Alarms')).toBe('none');
      expect(value(reply, name, 'Host')).toMatch(/^load [\d.]+\/CPU.*, steal [\d.]+%.*, mem avail .*, disk \d+% used/);
    }
  });

  it('node 2 with its plugin disabled falls back to rabbitmqctl and says why', async () => {
    await disableLabManagement(lab(), '2');
    const reply = await status();
    process.stderr.write(`[status, one API off]\n${text(reply)}\n`);
    expect(reply.summary).toBe('lab: 2 of 2 nodes up; no problems seen');
    expect(closing(reply)).toMatch(/management API for 1, rabbitmqctl for 1\.$/);
    expect(value(reply, lab().node('2').name, 'State')).toBe('up (read via rabbitmqctl; the API: nothing listens on its port)');
    expect(value(reply, lab().node('2').name, 'RabbitMQ')).toMatch(/^3\.10\.8 on Erlang OTP \d+/);
  });

  it('node 1 hung (SIGSTOP) while its API is configured: status still answers within the API window plus rabbitmqctl\'s deadlines, and names it timed out', async () => {
    const hung = lab().node('1').name;
    await lab().hang('1');
    try {
      const started = performance.now();
      const reply = await status();
      const elapsedMs = performance.now() - started;
      process.stderr.write(`[status, node 1 hung, API configured] answered in ${Math.round(elapsedMs)} ms\n${text(reply)}\n`);
      // The API read is bounded by the connect deadline plus its forward and answer windows; then rabbitmqctl gets its own deadlines.
      const { management, deadlines } = services!.config;
      expect(elapsedMs).toBeLessThanOrEqual(statusApiBoundMs(management!, deadlines) + nodeAnswerBoundMs(deadlines) + SCHEDULING_SLACK_MS);
      expect(value(reply, hung, 'State')).toBe('timed out (hung?)');
      expect(closing(reply)).toMatch(/management API for 0, rabbitmqctl for 2\.$/);
      // In a 2-node cluster the peer's own rabbitmqctl can wait on the hung node too (seen here more often than not): either way it has its row.
      expect(value(reply, lab().node('2').name, 'State')).toMatch(/^(up \(read via rabbitmqctl|timed out \(hung\?\)$)/);
    } finally {
      await lab().resume('1');
    }
    const back = await attemptUntil(status, (r) => value(r, hung, 'State') === 'up (read via the management API)', 20, 1_000);
    expect(back.summary).toBe('lab: 2 of 2 nodes up; no problems seen');
  });

  it('node 2 crashed: node 1\'s API and node 2\'s rabbitmqctl feed the same verdict as rabbitmqctl alone', async () => {
    await lab().crash('2');
    const dead = lab().node('2').name;
    const reply = await attemptUntil(status, (r) => value(r, lab().node('1').name, 'Sees running')?.includes(`not ${dead}`) === true, 20, 1_000);
    process.stderr.write(`[status, node 2 crashed]\n${text(reply)}\n`);
    expect(value(reply, lab().node('1').name, 'State')).toBe('up (read via the management API)');
    expect(closing(reply)).toMatch(/management API for 1, rabbitmqctl for 1\.$/);
    expect(reply.summary).toMatch(/^lab: 1 of 2 nodes up/);
    expect(text(reply)).toContain(`${dead} is a disc node but no peer sees it running.`);
  });
});
