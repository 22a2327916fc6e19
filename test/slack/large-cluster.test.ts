import { postSigned, slashCommandBody } from '../helpers/slack-requests';
import { scriptedInspector, startBot, type Harness } from './harness';
import { longNameCluster, unreachable } from './large-clusters';
import { limitViolations } from './slack-limit-violations';
import type { SlackMessage } from '../../src/chat/slack/slack-blocks';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('/rmq cluster on 40 unreachable nodes with 64-character names', () => {
  it('acks a /rmq help sent while the reply renders, and posts the matrix within Slack limits', async () => {
    const cluster = longNameCluster(40);
    h = await startBot({
      clusters: [cluster],
      inspector: scriptedInspector(cluster.nodes.map((n, i) => ({ delayMs: 5 + i, report: unreachable(cluster, n.name) }))),
    });
    const fake = h.fake;
    expect((await postSigned(h.eventsUrl, slashCommandBody({ text: `cluster ${cluster.name}`, responseUrl: fake.responseUrl('cluster') }))).status).toBe(200);
    expect((await postSigned(h.eventsUrl, slashCommandBody({ text: 'help', responseUrl: fake.responseUrl('help') }))).status).toBe(200);
    await fake.waitFor((c) => c.method === 'response_url' && JSON.stringify(c.body).includes('/rmq status'));
    await fake.waitFor((c) => c.method === 'files.completeUploadExternal' || c.method === 'files.getUploadURLExternal');
    const writes = fake.calls.filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update');
    expect(writes.length).toBeGreaterThan(0);
    for (const w of writes) expect(limitViolations(w.body as unknown as SlackMessage)).toEqual([]);
    expect(writes.some((w) => JSON.stringify(w.body.blocks).includes(`Membership of ${cluster.name}`))).toBe(true);
  });
});
