import { looksSecret } from '../../src/secrets/looks-secret';

describe('looksSecret', () => {
  it.each([
    '-----BEGIN OPENSSH PRIVATE KEY-----',
    'xoxb-0000000000-0000000000000-abc',
    'xapp-1-A0FAKE-1234567890-abcdef',
    'ABCDEFGHIJKLMNOPQRST',
    'AKIAABCDEFGHIJKLMNOP',
    'dGhpcyBpcyBhIGxvbmcgYmFzZTY0IHRva2Vu',
    '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  ])('hides %s', (text) => expect(looksSecret(text)).toBe(true));

  it.each(['rabbit@mq1', '/var/log/rabbitmq/rabbit@mq1.log', '70000', 'ops', 'mq2.internal.example.com', 'sudo -n'])('quotes %s', (text) =>
    expect(looksSecret(text)).toBe(false),
  );
});
