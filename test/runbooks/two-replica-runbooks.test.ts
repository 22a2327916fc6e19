import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { RecordedCall } from '../helpers/fake-slack';
import { buttonPressPayloadJson, interactionBody, nowSeconds, postSigned, slashCommandBody } from '../helpers/slack-requests';
import { startSshd, type TestSshd } from '../helpers/sshd';
import { eventually, useTwoReplicas, type Replica } from '../helpers/two-replicas';

/**
 * Two real `rmq-bot serve` processes on one PostgreSQL, a real sshd, and signed Slack requests: a
 * runbook's confirm button pressed on both replicas at once runs its action once, and a second
 * runbook on the same cluster, asked of the other replica, is refused naming the holder and since
 * when. The action is the node's configured service restart, a shell snippet that leaves a record
 * of every run and takes long enough for both presses to overlap it.
 */
jest.setTimeout(180_000);

const ALICE = 'U0ALICE';
const BOB = 'U0BOB';

describe('runbooks on two serve replicas sharing PostgreSQL', () => {
  let sshd: TestSshd;
  let record = '';
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  const bots = useTwoReplicas('rmq-runbook-replicas-', (dir) => {
    record = path.join(dir, 'restarts');
    const ssh = { host: '127.0.0.1', port: sshd.port, user: 'root', privateKey: { file: sshd.clientKey.privateKeyFile }, hostKey: sshd.hostKey.publicKey };
    // No RabbitMQ here: the CLI always fails, so the bot reaches each host and no node answers.
    const node = (name: string) => ({ name, ssh, rabbitmqctl: '/bin/false' });
    return {
      clusters: [{ name: 'lab', role: 'primary', nodes: [{ ...node('rabbit1@localhost'), serviceRestart: ['sh', '-c', `echo restart >> ${record}; sleep 2`] }, node('rabbit2@localhost')] }],
      deadlines: { connectMs: 10_000, commandMs: 2_000, mutationMs: 5_000 },
      chat: { roles: { viewer: ['*'], operator: [ALICE, BOB], approver: [] } },
    };
  });

  /** A reply in the channel (posted, then updated as it completes) or to the asker, that says `words`. */
  const saying = (words: string) => bots().fake.waitFor((c: RecordedCall) => JSON.stringify(c.body).includes(words), 90_000);
  const slash = (replica: Replica, text: string, user: string, responseId: string) => postSigned(replica.eventsUrl, slashCommandBody({ text, user, responseUrl: bots().fake.responseUrl(responseId) }));
  const press = (replica: Replica, actionId: string, value: string, messageTs: string, responseId: string) =>
    postSigned(replica.eventsUrl, interactionBody(buttonPressPayloadJson({ actionId, value, messageTs, user: ALICE, responseUrl: bots().fake.responseUrl(responseId) })));
  const runs = () => (existsSync(record) ? readFileSync(record, 'utf8').trim().split('\n') : []);

  it('runs a confirm pressed on both replicas once, and refuses a second runbook on the cluster naming who holds it and since when', async () => {
    const [a, b] = bots().replicas;
    await slash(a, 'restart rabbit1@localhost', ALICE, 'open');
    await saying('RB-1: restart rabbit1@localhost (cluster lab) — awaiting-confirmation');
    const openedAt = (await bots().observer.listTimeline({ limit: 50 })).events.find((e) => e.kind === 'runbook-opened')?.at.toISOString();

    const messageTs = `${nowSeconds()}.000300`;
    await Promise.all([press(a, 'runbook.confirm:0', 'RB-1', messageTs, 'press-a'), press(b, 'runbook.confirm:0', 'RB-1', messageTs, 'press-b')]);
    // The step ran once: the verification fails here (no RabbitMQ answers), so the runbook stops at it.
    const stepped = await eventually('the step to end', async () =>
      (await bots().observer.listTimeline({ limit: 200 })).events.find((e) => e.kind === 'runbook-step' && e.details.runbookId === 'RB-1') ?? null,
    );
    expect(stepped.details).toMatchObject({ step: 'restart', result: 'failed' });
    expect(runs()).toEqual(['restart']);
    // The other press is refused, to its presser alone, whichever layer saw it first (the button claim or the engine).
    const refusals = () => bots().fake.callsTo('response_url').filter((c) => /\/press-[ab]$/.test(c.path) && /already running|already confirmed/.test(JSON.stringify(c.body)));
    expect(await eventually('the other press to be refused', () => (refusals().length > 0 ? refusals() : null))).toHaveLength(1);

    await slash(b, 'restart rabbit2@localhost', BOB, 'second');
    await saying(`RB-2 refused: another mutating runbook holds cluster lab: RB-1 (restart rabbit1@localhost, opened by ${ALICE} at ${openedAt}). Wait for it, or abort it.`);
    expect(runs()).toEqual(['restart']);
  });
});
