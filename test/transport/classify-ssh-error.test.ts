import type { SshConfig } from '../../src/config/schema';
import { classifyConnectError } from '../../src/transport/classify-ssh-error';

const ssh: SshConfig = { host: 'db1', port: 22, user: 'rmqbot', agent: true, allowUnknownHostKey: false, hostKey: 'ssh-ed25519 AAAA' };
const context = { nodeName: 'rabbit@db1', ssh, connectMs: 5_000, hostKeyRefusal: null };
const ssh2Error = (message: string, fields: { level?: string; code?: string }) => Object.assign(new Error(message), fields);

describe('classifyConnectError', () => {
  it.each([
    ['connect ECONNREFUSED 10.0.0.1:22', { level: 'client-socket', code: 'ECONNREFUSED' }, 'refused'],
    ['connect EHOSTUNREACH 10.0.0.1:22', { level: 'client-socket', code: 'EHOSTUNREACH' }, 'no-route'],
    ['connect ENETUNREACH 10.0.0.1:22', { level: 'client-socket', code: 'ENETUNREACH' }, 'no-route'],
    ['getaddrinfo ENOTFOUND db1', { level: 'client-socket', code: 'ENOTFOUND' }, 'dns'],
    ['Timed out while waiting for handshake', { level: 'client-timeout' }, 'connect-timeout'],
    ['read ECONNRESET', { level: 'client-socket', code: 'ECONNRESET' }, 'closed'],
    ['Connection lost before handshake', { level: 'protocol' }, 'closed'],
    ['something new', {}, 'other'],
  ])('%s → unreachable/%s', (message, fields, reason) => {
    expect(classifyConnectError(ssh2Error(message, fields), context)).toMatchObject({ kind: 'unreachable', reason, detail: expect.stringContaining('rabbit@db1') });
  });

  it('says which user was refused and what to check', () => {
    const outcome = classifyConnectError(ssh2Error('All configured authentication methods failed', { level: 'client-authentication' }), context);
    expect(outcome).toEqual({ kind: 'auth-failed', detail: expect.stringMatching(/rmqbot on rabbit@db1 .*authorized_keys/) });
  });

  it('uses the host-key verdict rather than ssh2’s generic message', () => {
    const outcome = classifyConnectError(ssh2Error('Host denied (verification failed)', { level: 'handshake' }), {
      ...context,
      hostKeyRefusal: { kind: 'changed', presented: 'ssh-ed25519 BBBB' },
    });
    expect(outcome).toEqual({ kind: 'host-key-mismatch', detail: expect.stringContaining('db1 ssh-ed25519 BBBB') });
  });

  it('treats a server without any recorded key type as a host-key problem', () => {
    const outcome = classifyConnectError(ssh2Error('Handshake failed: no matching host key format', { level: 'handshake' }), context);
    expect(outcome.kind).toBe('host-key-mismatch');
  });
});
