import { cleanLogForChat } from '../../src/node-logs/clean-log-for-chat';
import { redactSecrets } from '../../src/node-logs/redact-secrets';
import { readFixture } from '../helpers/fixtures';

describe('cleanLogForChat', () => {
  it('collapses a raw NUL hole into one readable marker and never prints a NUL', () => {
    const text = `=ERROR REPORT==== 17-Aug-2016::14:13:32 ===\nerror on AMQP connection <0.1.0>: enotconn (socket is not connected)\n${'\u0000'.repeat(412)}=INFO REPORT==== 17-Aug-2016::15:12:46 ===\nstarting`;
    const cleaned = cleanLogForChat(text);
    expect(cleaned).not.toContain('\u0000');
    expect(cleaned).toContain('⟨412 NUL bytes: sparse hole, likely unclean crash⟩=INFO REPORT==== 17-Aug-2016::15:12:46 ===');
  });

  it('turns the pasted ^@ lines of the incident into one marker and marks the signature lines', () => {
    const cleaned = cleanLogForChat(readFixture('seed/000_084faf424ea27794.txt'));
    expect(cleaned).not.toContain('^@^@');
    expect(cleaned).toContain('⟨1087 NUL bytes: sparse hole, likely unclean crash⟩');
    expect(cleaned).toContain('=ERROR REPORT==== 17-Aug-2016::14:26:45 ===   ⟵ [queue-home-node-down]');
    expect(cleaned).toContain('=ERROR REPORT==== 17-Aug-2016::14:42:38 ===   ⟵ [binding-missing]');
  });

  it('redacts credentials and Erlang cookies', () => {
    const cleaned = cleanLogForChat(
      [
        'connecting to amqp://admin:s3cret@10.0.0.1:5672/moses',
        'erl -setcookie ABCDEFGHIJ -sname rabbit',
        '2026-11-24 23:45:26.704449+00:00 [info] <0.223.0>  cookie hash    : eSwplFzp3lRY9dTPAKKYVg==',
        'RABBITMQ_ERLANG_COOKIE=WXYZ rabbitmqctl status --erlang-cookie abc123',
      ].join('\n'),
    );
    for (const secret of ['s3cret', 'ABCDEFGHIJ', 'eSwplFzp3lRY9dTPAKKYVg==', 'WXYZ', 'abc123']) expect(cleaned).not.toContain(secret);
    expect(cleaned).toContain('amqp://admin:⟨redacted⟩@10.0.0.1:5672/moses');
  });

  it('drops terminal escapes and other control characters', () => {
    expect(cleanLogForChat('\u001b[1mStatus\u001b[0m\u0007 ok')).toBe('Status\ufffd ok');
  });

  it('leaves ordinary text alone', () => {
    expect(redactSecrets('Disk free limit set to 50MB')).toBe('Disk free limit set to 50MB');
  });
});
