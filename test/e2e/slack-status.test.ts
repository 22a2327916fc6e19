import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { parse, stringify } from 'yaml';
import { createServices } from '../../src/app/create-services';
import { createSlackBot, type SlackBot } from '../../src/chat/slack/create-slack-bot';
import { buildRegistry } from '../../src/app/build-registry';
import type { Services } from '../../src/commands/types';
import { loadConfigFile } from '../../src/config/load-config';
import { reachOf, type ClusterInspector, type NodeReach } from '../../src/inspect/cluster-inspector';
import { nodeReason } from '../../src/status/node-reason';
import type { Lab } from '../../src/lab/lab';
import { silentLogger } from '../../src/observability/logger';
import { FakeSlack, type RecordedCall } from '../helpers/fake-slack';
import { useTestLab } from '../helpers/lab';
import { buttonPressPayloadJson, interactionBody, signedHeaders, slashCommandBody, testSigningSecret } from '../helpers/slack-requests';

// The e2e project's testTimeout in jest.config.js does not reach the tests (jest 30 treats it as a global option).
jest.setTimeout(120_000);

const channel = 'C0INCIDENT';

/** One node answer as the status command saw it, with how many messages Slack had received by then. */
interface NodeAnswer {
  readonly node: string;
  readonly reach: NodeReach;
  readonly reason: string;
  /** chat.postMessage calls the fake Web API had recorded when this node's answer reached the command. */
  readonly postsSlackHadSeen: number;
  /** Milliseconds from the start of the inspection to this answer. */
  readonly afterMs: number;
}

/**
 * Passes every call through to the real SSH inspector and notes, as each node answers, how many
 * messages Slack had already received: the ordering "first message before any node answered"
 * is then a fact recorded at the moment of the answer, not a guess from timings.
 */
function observedInspector(real: ClusterInspector, fake: FakeSlack, answers: NodeAnswer[], inspections: string[]): ClusterInspector {
  return {
    inspect: (cluster, onNode, nodes) => {
      inspections.push(cluster);
      const started = performance.now();
      return real.inspect(
        cluster,
        (report) => {
          answers.push({ node: report.node, reach: reachOf(report), reason: nodeReason(report), postsSlackHadSeen: fake.callsTo('chat.postMessage').length, afterMs: Math.round(performance.now() - started) });
          onNode?.(report);
        },
        nodes,
      );
    },
    close: () => real.close(),
  };
}

interface SlackOnLab {
  readonly fake: FakeSlack;
  readonly bot: SlackBot;
  readonly slack: SlackSender;
  readonly nodes: readonly string[];
  readonly answers: NodeAnswer[];
  readonly inspections: string[];
  close(): Promise<void>;
}

/**
 * The production wiring on the lab: its config (copied into a temp dir with the given deadlines,
 * so the store is private to the test), createServices with real SSH, the real registry, and the
 * real Bolt app on signed HTTP, with only Slack's Web API replaced by the local fake.
 */
async function startSlackOnLab(lab: Lab, deadlines?: { connectMs: number; commandMs: number }): Promise<SlackOnLab> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rmq-slack-e2e-'));
  const labConfig = parse(readFileSync(lab.configPath, 'utf8')) as Record<string, unknown>;
  const configFile = path.join(dir, 'rmq-bot.yaml');
  writeFileSync(configFile, stringify(deadlines ? { ...labConfig, deadlines } : labConfig));
  const loaded = loadConfigFile(configFile);
  if (!loaded.ok) throw new Error(`the lab config copy was rejected: ${JSON.stringify(loaded.error)}`);

  const fake = await FakeSlack.start();
  const running = createServices(loaded.value, silentLogger);
  const answers: NodeAnswer[] = [];
  const inspections: string[] = [];
  const services: Services = { ...running, inspector: observedInspector(running.inspector, fake, answers, inspections) };
  const created = await createSlackBot({
    tokens: { kind: 'ok', botToken: 'xoxb-1234-5678-abcdefghijkl', transport: { kind: 'http', signingSecret: testSigningSecret }, apiUrl: fake.apiUrl },
    registry: buildRegistry(),
    services,
    logger: silentLogger,
    listen: { port: 0, host: '127.0.0.1' },
  });
  if (!created.ok) {
    await running.close();
    await fake.close();
    throw new Error(`bot did not start: ${JSON.stringify(created.error)}`);
  }
  const bot = created.value;
  const { eventsUrl } = await bot.start();
  if (eventsUrl === null) throw new Error('the HTTP receiver gave no events URL');
  const slack = new SlackSender(eventsUrl);
  return {
    fake,
    bot,
    slack,
    nodes: lab.nodes.filter((n) => n.cluster === 'lab').map((n) => n.name),
    answers,
    inspections,
    close: async () => {
      await slack.close();
      await bot.stop();
      await running.close();
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const blocksText = (call: RecordedCall): string => JSON.stringify(call.body.blocks ?? []);

interface SectionBlock {
  readonly type: string;
  readonly text?: { readonly text: string };
  readonly fields?: readonly { readonly text: string }[];
}

/**
 * Reads a status message the way a person does: each node's titled section and the fields under
 * it, label → value, with the status emoji dropped.
 */
function nodeFieldsIn(call: RecordedCall, nodes: readonly string[]): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  let current: Map<string, string> | null = null;
  for (const block of (call.body.blocks ?? []) as SectionBlock[]) {
    if (block.type === 'section' && block.text) {
      const title = /\*([^*]+)\*$/.exec(block.text.text)?.[1];
      current = title !== undefined && nodes.includes(title) ? new Map<string, string>() : null;
      if (current && title !== undefined) out.set(title, current);
    } else if (block.type === 'section' && block.fields && current) {
      for (const field of block.fields) {
        const m = /^\*([^*]+)\*\n(?::[a-z_]+: )?([\s\S]*)$/.exec(field.text);
        if (m?.[1] !== undefined && m[2] !== undefined) current.set(m[1], m[2]);
      }
    } else {
      current = null;
    }
  }
  return out;
}
const isFinalStatus = (c: RecordedCall): boolean => c.method === 'chat.update' && blocksText(c).includes('status.refresh');

interface TimedAnswer {
  readonly status: number;
  readonly text: string;
  /** From just before the request left to the complete answer, as the sender saw it. */
  readonly ms: number;
}

/**
 * Slack's side of the wire: signed requests sent and timed from a worker thread, so the clock runs
 * on an event loop of its own. Timed from the bot's thread, the ack would also be charged for the
 * SSH work the bot rightly starts right after acknowledging, which Slack never waits for.
 */
class SlackSender {
  private readonly worker = new Worker(
    `const { parentPort } = require('node:worker_threads');
     parentPort.on('message', async ({ id, url, headers, body }) => {
       const started = performance.now();
       try {
         const response = await fetch(url, { method: 'POST', headers, body });
         const text = await response.text();
         parentPort.postMessage({ id, status: response.status, text, ms: performance.now() - started });
       } catch (e) {
         parentPort.postMessage({ id, error: String(e) });
       }
     });`,
    { eval: true },
  );
  private readonly waiting = new Map<number, { resolve: (a: TimedAnswer) => void; reject: (e: Error) => void }>();
  private nextId = 1;

  constructor(private readonly url: string) {
    this.worker.on('message', (m: { id: number; error?: string } & TimedAnswer) => {
      const waiter = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.error !== undefined) waiter?.reject(new Error(`signed POST failed: ${m.error}`));
      else waiter?.resolve({ status: m.status, text: m.text, ms: m.ms });
    });
  }

  /** Signs BODY now and POSTs it to the events URL. */
  post(body: string): Promise<TimedAnswer> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, url: this.url, headers: signedHeaders(body), body });
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

/** Warms the HTTP path (first requests pay for lazy loading) with `/rmq help`, which needs no SSH. */
async function warmUp(s: SlackOnLab): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const answer = await s.slack.post(slashCommandBody({ text: 'help', channel, responseUrl: s.fake.responseUrl(`help${i}`) }));
    expect(answer.status).toBe(200);
    best = Math.min(best, answer.ms);
  }
  await s.fake.waitForCount('response_url', 3);
  return best;
}

/** The message the status command posted first, and every later write to it. */
async function statusMessage(s: SlackOnLab): Promise<{ first: RecordedCall; ts: string }> {
  const first = await s.fake.waitFor((c) => c.method === 'chat.postMessage', 10_000);
  const ts = first.answer?.ts;
  if (typeof ts !== 'string') throw new Error('the fake did not answer the post with a ts');
  return { first, ts };
}

function expectPostedBeforeAnyNodeAnswered(s: SlackOnLab, first: RecordedCall): void {
  // What Slack got first: every node still being asked.
  expect(first.body.channel).toBe(channel);
  expect(first.body.thread_ts).toBeUndefined();
  expect(blocksText(first)).toContain(`0 of ${s.nodes.length} nodes answered`);
  const shown = nodeFieldsIn(first, s.nodes);
  expect([...shown.keys()].sort()).toEqual([...s.nodes].sort());
  for (const fields of shown.values()) expect(Object.fromEntries(fields)).toEqual({ State: 'asking…' });
  // And the order as it happened: when each node's answer reached the command, Slack already had the message.
  expect(s.answers.map((a) => a.node).sort()).toEqual([...s.nodes].sort());
  for (const a of s.answers) expect(a.postsSlackHadSeen).toBeGreaterThanOrEqual(1);
}

describe('/rmq status through the Slack app on the real lab (fake Web API, real SSH)', () => {
  const lab = useTestLab({ nodes: 3 });
  let s: SlackOnLab | null = null;
  afterEach(async () => {
    await s?.close();
    s = null;
  });

  it('acks in under 100 ms, posts before any node answers, and ends with every node up in the same message', async () => {
    s = await startSlackOnLab(lab());
    const warm = await warmUp(s);

    const sent = performance.now();
    const ack = await s.slack.post(slashCommandBody({ text: 'status', channel, responseUrl: s.fake.responseUrl('status') }));
    process.stderr.write(`[slack e2e] /rmq status HTTP ack in ${ack.ms.toFixed(1)} ms (best warm-up /rmq help ack ${warm.toFixed(1)} ms)\n`);
    expect(ack.status).toBe(200);
    expect(ack.text).toBe('');
    expect(ack.ms).toBeLessThan(100);

    const { first, ts } = await statusMessage(s);
    const final = await s.fake.waitFor(isFinalStatus, 60_000);
    const finalMs = performance.now() - sent;
    process.stderr.write(`[slack e2e] final status update ${finalMs.toFixed(0)} ms after the request; answers: ${s.answers.map((a) => `${a.node} at ${a.afterMs} ms`).join(', ')}\n`);
    expectPostedBeforeAnyNodeAnswered(s, first);
    expect(s.answers.map((a) => a.reach)).toEqual(['ok', 'ok', 'ok']);

    // One message, updated in place: no second post, every update on its ts, the final one last.
    expect(s.fake.callsTo('chat.postMessage')).toHaveLength(1);
    const updates = s.fake.callsTo('chat.update');
    expect(updates.length).toBeGreaterThanOrEqual(1);
    for (const u of updates) expect(u.body).toMatchObject({ channel, ts });
    expect(updates[updates.length - 1]).toBe(final);

    expect(final.body.text).toContain('lab: 3 of 3 nodes up');
    const shown = nodeFieldsIn(final, s.nodes);
    expect([...shown.keys()].sort()).toEqual([...s.nodes].sort());
    for (const [node, fields] of shown) {
      expect({ node, ...Object.fromEntries(fields) }).toEqual({
        node,
        State: 'up',
        RabbitMQ: expect.stringMatching(/^3\.10\.\d+ on Erlang OTP \d+/),
        Uptime: expect.any(String),
        Memory: expect.stringMatching(/ of .*\(\d+%\)$/),
        'File descriptors': expect.stringMatching(/^\d+ of \d+/),
        Sockets: expect.stringMatching(/^\d+ of \d+/),
        'Disk free': expect.stringContaining('(limit '),
        Alarms: 'none',
        'Sees running': expect.any(String),
        Host: expect.stringMatching(/^load [\d.]+\/CPU/),
      });
      expect(fields.get('Sees running')).toBe('all 3 configured nodes');
    }
    expect(blocksText(final)).toMatch(/Asked 3 nodes over SSH in/);
    // The help requests went privately to their response_urls; the status reply is in the channel only.
    expect(s.fake.callsTo('response_url')).toHaveLength(3);
  });

  it('a Refresh press runs the status once, in the thread; a second press is told it is running, a later one that it ran', async () => {
    const on = await startSlackOnLab(lab());
    s = on;
    await s.slack.post(slashCommandBody({ text: 'status', channel, responseUrl: s.fake.responseUrl('status') }));
    const { ts } = await statusMessage(s);
    const final = await s.fake.waitFor(isFinalStatus, 60_000);
    const refresh = (final.body.blocks as { type: string; elements?: { action_id?: string; value?: string }[] }[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id?.startsWith('status.refresh'));
    if (!refresh?.action_id) throw new Error(`no Refresh button on the final message: ${blocksText(final)}`);
    expect(s.inspections).toEqual(['lab']);

    const press = (user: string, id: string) =>
      on.slack.post(
        interactionBody(buttonPressPayloadJson({ actionId: refresh.action_id ?? '', value: refresh.value ?? '', messageTs: ts, channel, user, responseUrl: on.fake.responseUrl(id) })),
      );
    const pressed = await press('U0ALICE', 'alice');
    expect(pressed.status).toBe(200);
    process.stderr.write(`[slack e2e] Refresh press HTTP ack in ${pressed.ms.toFixed(1)} ms\n`);
    const again = await press('U0BOB', 'bob');
    expect(again.status).toBe(200);
    expect(blocksText(await s.fake.waitFor((c) => c.path === '/response/bob', 10_000))).toContain('already running');

    // The refresh answers in the thread of the message that had the button (one message, updated in
    // place unless every node answered before it could be posted), and ends with every node up.
    const threadHead = await s.fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.thread_ts === ts, 30_000);
    const threadTs = threadHead.answer?.ts;
    const refreshed = await s.fake.waitFor((c) => (c === threadHead || (c.method === 'chat.update' && c.body.ts === threadTs)) && blocksText(c).includes('status.refresh'), 60_000);
    expect(s.fake.callsTo('chat.postMessage').filter((c) => c.body.thread_ts === ts)).toEqual([threadHead]);
    expect(refreshed.body.text).toContain('lab: 3 of 3 nodes up');
    // The original message was left as it was.
    expect(s.fake.callsTo('chat.update').filter((c) => c.body.ts === ts).pop()).toBe(final);

    // The claim is finished just after the reply is shown: give it a moment, then press again.
    let late: RecordedCall | null = null;
    for (let i = 0; i < 20 && late === null; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const id = `carol${i}`;
      await press('U0CAROL', id);
      const answer = await s.fake.waitFor((c) => c.path === `/response/${id}`, 10_000);
      if (blocksText(answer).includes('already ran')) late = answer;
      else expect(blocksText(answer)).toContain('already running');
    }
    expect(late).not.toBeNull();
    expect(blocksText(late as RecordedCall)).toContain('3 of 3 nodes up');
    expect(s.inspections).toEqual(['lab', 'lab']);
  });

  it('a hung node: first message before any answer, final update within the command deadline, that node timed out', async () => {
    const deadlines = { connectMs: 3_000, commandMs: 3_000 };
    s = await startSlackOnLab(lab(), deadlines);
    const victim = lab().node('2');
    await lab().hang(victim.name);
    try {
      const sent = performance.now();
      const ack = await s.slack.post(slashCommandBody({ text: 'status', channel, responseUrl: s.fake.responseUrl('status') }));
      expect(ack.status).toBe(200);
      const { first, ts } = await statusMessage(s);
      const final = await s.fake.waitFor(isFinalStatus, 60_000);
      const finalMs = performance.now() - sent;
      process.stderr.write(
        `[slack e2e] hung node: ack (cold bot, no warm-up) in ${ack.ms.toFixed(1)} ms, final update ${finalMs.toFixed(0)} ms after the request (commandMs ${deadlines.commandMs}); answers: ${s.answers.map((a) => `${a.node} ${a.reach} at ${a.afterMs} ms (${a.reason})`).join(', ')}\n`,
      );

      expectPostedBeforeAnyNodeAnswered(s, first);
      expect(s.answers.find((a) => a.node === victim.name)?.reach).toBe('timeout');
      expect(final.body).toMatchObject({ channel, ts });
      expect(s.fake.callsTo('chat.postMessage')).toHaveLength(1);
      expect(final.body.text).toContain(`${victim.name}: timed out (hung?)`);
      const shown = nodeFieldsIn(final, s.nodes);
      expect(Object.fromEntries(shown.get(victim.name) ?? [])).toMatchObject({
        State: 'timed out (hung?)',
        Why: `no answer within ${(deadlines.commandMs / 1000).toFixed(1)} s: the node or its host may be hung`,
      });
      // Every other node is settled in the same message: it answered, or hit its own deadline (a loaded
      // machine can make rabbitmqctl itself slower than 3 s); none is left "asking…".
      for (const node of s.nodes.filter((n) => n !== victim.name)) expect(shown.get(node)?.get('State')).toMatch(/^(up|timed out \(hung\?\))$/);
      // The deadline plus a few seconds: the hung node costs its own deadline, not a wedge.
      expect(finalMs).toBeLessThan(deadlines.connectMs + deadlines.commandMs + 4_000);
    } finally {
      await lab().resume(victim.name);
    }
  });
});
