import { startBot, type Harness } from './harness';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

it('receives /rmq over Socket Mode, acks the envelope, and answers through the Web API', async () => {
  h = await startBot({ transport: 'socket-mode' });
  expect(h.fake.callsTo('apps.connections.open')[0]?.headers.authorization).toBe('Bearer xapp-1-A0FAKE-1234567890-abcdef');
  const socket = await h.fake.socket();
  socket.send(
    JSON.stringify({
      envelope_id: 'env-1',
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: {
        command: '/rmq',
        text: 'status',
        user_id: 'U0ALICE',
        channel_id: 'C0INCIDENT',
        team_id: 'T0LAB',
        api_app_id: 'A0FAKE',
        response_url: h.fake.responseUrl(),
        trigger_id: '13345224609.738474920.8088930838d88f008e0',
      },
    }),
  );
  await h.fake.waitFor((c) => JSON.stringify(c.body.blocks ?? []).includes('status.refresh'));
  expect(h.fake.socketFrames).toContainEqual(expect.objectContaining({ envelope_id: 'env-1' }));
  const posted = h.fake.callsTo('chat.postMessage')[0];
  expect(posted?.headers.authorization).toBe('Bearer xoxb-1234-5678-abcdefghijkl');
  expect(posted?.body.channel).toBe('C0INCIDENT');
});
