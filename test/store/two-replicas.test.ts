import net from 'node:net';
import { buttonClaimKey } from '../../src/chat/slack/button-claim';
import type { FakeSlack, RecordedCall } from '../helpers/fake-slack';
import { buttonPressPayloadJson, interactionBody, nowSeconds, postSigned } from '../helpers/slack-requests';
import { generateKeyPair } from '../helpers/sshd';
import { eventually, useTwoReplicas, type Replica } from '../helpers/two-replicas';

/**
 * Two real `rmq-bot serve` processes on one PostgreSQL, reached through Bolt with signed requests, and
 * the fake Slack Web API. The button's action (a status refresh) hangs on a node that accepts TCP and
 * never speaks until the SSH connect deadline, so it is still running when the other replica is asked,
 * and when one replica is killed.
 */
// The action outlasts three claim leases, so a claim kept only by its holder's heartbeat is tested too.
const connectMs = 10_000;
const claimLeaseMs = 3_000;
const ephemeralTo = (fake: FakeSlack, id: string) => fake.waitFor((c: RecordedCall) => c.method === 'response_url' && c.path.endsWith(`/${id}`), 60_000);
const text = (call: RecordedCall) => JSON.stringify(call.body);

describe('two rmq-bot serve replicas on one PostgreSQL', () => {
  let silent: net.Server;
  const accepted: net.Socket[] = [];
  const bots = useTwoReplicas('rmq-replicas-', async (dir) => {
    silent = net.createServer((socket) => {
      accepted.push(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    const key = generateKeyPair(dir, 'bot-key');
    return {
      clusters: [{ name: 'lab', role: 'primary', nodes: [{ name: 'rabbit1@localhost', ssh: { host: '127.0.0.1', port, user: 'rabbit', privateKey: { file: key.privateKeyFile }, allowUnknownHostKey: true } }] }],
      deadlines: { connectMs, commandMs: connectMs },
      store: { claimLeaseMs },
    };
  });

  afterAll(async () => {
    for (const socket of accepted) socket.destroy();
    await new Promise<void>((resolve) => (silent ? silent.close(() => resolve()) : resolve()));
  });

  const press = (replica: Replica, messageTs: string, user: string, responseId: string) =>
    postSigned(replica.eventsUrl, interactionBody(buttonPressPayloadJson({ actionId: 'status.refresh:0', value: 'lab', messageTs, user, responseUrl: bots().fake.responseUrl(responseId) })));

  it('runs a button pressed on both at once once, and tells the other presser who runs it', async () => {
    const { fake, observer, replicas } = bots();
    const [a, b] = replicas;
    const messageTs = `${nowSeconds()}.000100`;
    const answers = await Promise.all([press(a, messageTs, 'U0ALICE', 'alice-1'), press(b, messageTs, 'U0BOB', 'bob-1')]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    const key = buttonClaimKey('C0INCIDENT', messageTs, 'status.refresh:0', 'lab');
    const running = await eventually('the claim', () => observer.getClaim(key, new Date()));
    expect(running.outcome).toBe('running');
    const winner = running.outcome === 'running' ? running.by : '';
    const loser = winner === 'U0ALICE' ? { id: 'U0BOB', response: 'bob-1' } : { id: 'U0ALICE', response: 'alice-1' };
    expect(text(await ephemeralTo(fake, loser.response))).toContain(`This button is already running.`);
    expect(text(await ephemeralTo(fake, loser.response))).toContain(`Pressed by ${winner}`);

    // Still running after more than one claim lease: the winner's heartbeat keeps the claim alive.
    const since = running.outcome === 'running' ? running.since.getTime() : 0;
    await eventually('a claim lease and a half to pass', async () => (Date.now() > since + claimLeaseMs * 1.5 ? true : null));
    expect(await observer.getClaim(key, new Date())).toMatchObject({ outcome: 'running', by: winner });
    await press(loser.id === 'U0BOB' ? b : a, messageTs, 'U0CAROL', 'carol-1');
    expect(text(await ephemeralTo(fake, 'carol-1'))).toContain('This button is already running.');

    const finished = await eventually('the action to finish', async () => {
      const claim = await observer.getClaim(key, new Date());
      return claim?.outcome === 'done' ? claim : null;
    });
    expect(finished).toMatchObject({ outcome: 'done', by: winner });
    const events = (await observer.listTimeline({ channel: 'C0INCIDENT', limit: 50 })).events;
    expect(events.filter((e) => e.kind === 'button-pressed').map((e) => e.actor.id)).toEqual([winner]);
    expect(events.filter((e) => e.kind === 'action-refused').map((e) => e.details)).toContainEqual({ actionId: 'status.refresh', reason: 'already-running', by: winner });
    expect(accepted).toHaveLength(1);
  }, 120_000);

  it('reports the claim of a replica killed mid-action, and lets the other take it over after its lease', async () => {
    const { fake, observer, replicas } = bots();
    const [a, b] = replicas;
    const messageTs = `${nowSeconds()}.000200`;
    const key = buttonClaimKey('C0INCIDENT', messageTs, 'status.refresh:0', 'lab');
    const connectionsBefore = accepted.length;
    await press(a, messageTs, 'U0ALICE', 'alice-2');
    await eventually('replica A to be mid-action', async () => (accepted.length > connectionsBefore && (await observer.getClaim(key, new Date()))?.outcome === 'running' ? true : null));
    a.child.kill('SIGKILL');
    await new Promise((resolve) => a.child.once('exit', resolve));

    const died = await eventually('the claim to show its holder died', async () => {
      const claim = await observer.getClaim(key, new Date());
      return claim?.outcome === 'holder-died' ? claim : null;
    });
    expect(died).toMatchObject({ outcome: 'holder-died', by: 'U0ALICE' });

    await press(b, messageTs, 'U0BOB', 'bob-2');
    expect(text(await ephemeralTo(fake, 'bob-2'))).toContain('An earlier press of this button was running on a bot process that stopped answering; running it again.');
    const done = await eventually('the taken-over action to finish', async () => {
      const claim = await observer.getClaim(key, new Date());
      return claim?.outcome === 'done' ? claim : null;
    });
    expect(done).toMatchObject({ by: 'U0BOB' });
  }, 120_000);
});
