import { execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { configSchema, type BotConfig } from '../../src/config/schema';
import { createSshTransports, type SshTransportOptions, type SshTransports } from '../../src/transport/ssh-transport';
import type { Argv, CommandOutcome, MutatingCommand, ReadCommand, ReadOptions } from '../../src/transport/types';
import { freeLoopbackPort, generateKeyPair, startSshd, type TestSshd } from '../helpers/sshd';

const nodeName = 'rabbit1@localhost';

let sshd: TestSshd;
const opened: SshTransports[] = [];

beforeAll(async () => {
  sshd = await startSshd();
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((t) => t.closeAll()));
});
afterAll(async () => {
  await sshd?.stop();
});

interface Overrides {
  readonly ssh?: Record<string, unknown>;
  readonly limits?: Record<string, unknown>;
  readonly deadlines?: Record<string, unknown>;
  readonly nodes?: number;
}

function configFor(overrides: Overrides = {}): BotConfig {
  const ssh = {
    host: '127.0.0.1',
    port: sshd.port,
    user: 'root',
    privateKey: { file: sshd.clientKey.privateKeyFile },
    hostKey: sshd.hostKey.publicKey,
    ...overrides.ssh,
  };
  const nodes = Array.from({ length: overrides.nodes ?? 1 }, (_, i) => ({ name: `rabbit${i + 1}@localhost`, ssh }));
  return configSchema.parse({
    clusters: [{ name: 'lab', role: 'primary', nodes }],
    deadlines: { connectMs: 2_000, commandMs: 5_000, ...overrides.deadlines },
    limits: { perHostConcurrency: 2, overallConcurrency: 8, maxOutputBytes: 64 * 1024, ...overrides.limits },
  });
}

// These tests exercise the transport itself, so they mint commands outside the allowlists.
const probe = (argv: Argv) => ({ access: 'read', name: 'probe', argv }) as ReadCommand;
const change = (argv: Argv) => ({ access: 'mutate', name: 'change', argv }) as MutatingCommand;

function openTransports(overrides: Overrides = {}, options: SshTransportOptions = {}): SshTransports {
  const transports = createSshTransports(configFor(overrides), options);
  opened.push(transports);
  return transports;
}

function readerOf(transports: SshTransports, node = nodeName) {
  const reader = transports.readerFor('lab', node);
  return { run: (argv: Argv, options?: ReadOptions) => reader.read(probe(argv), options) };
}

const open = (overrides: Overrides = {}, options: SshTransportOptions = {}) => readerOf(openTransports(overrides, options));

async function timed(run: () => Promise<CommandOutcome>): Promise<{ outcome: CommandOutcome; ms: number }> {
  const started = performance.now();
  const outcome = await run();
  return { outcome, ms: performance.now() - started };
}

function processesMatching(pattern: string): string[] {
  try {
    return execFileSync('pgrep', ['-f', pattern], { encoding: 'utf8' }).trim().split('\n');
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

/** The sshd process serving this session: the parent of the remote `timeout` that runs our `sh`. */
const sessionPidShell = 'ps -o ppid= -p $PPID';

async function waitUntil(condition: () => boolean, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
}

describe('running commands', () => {
  it('returns ok with stdout and stderr', async () => {
    const outcome = await open().run(['sh', '-c', 'printf "%s" "$1"; printf warn >&2', 'sh', 'hello world']);
    expect(outcome).toMatchObject({ kind: 'ok', stdout: 'hello world', stderr: 'warn', truncated: false });
  });

  it('returns command-failed with the exit code and stderr', async () => {
    const outcome = await open().run(['sh', '-c', 'echo partial; echo "node down" >&2; exit 69']);
    expect(outcome).toMatchObject({ kind: 'command-failed', exitCode: 69, signal: null, stdout: 'partial\n', stderr: 'node down\n' });
  });

  it('reuses one connection for consecutive and concurrent commands', async () => {
    const connects: string[] = [];
    const loginsBefore = sshd.acceptedLogins();
    const transport = open({}, { onConnect: ({ node }) => connects.push(node) });
    await transport.run(['true']);
    const both = await Promise.all([transport.run(['echo', 'a']), transport.run(['echo', 'b'])]);
    expect(both.map((o) => o.kind)).toEqual(['ok', 'ok']);
    expect(connects).toEqual([nodeName]);
    expect(await waitUntil(() => sshd.acceptedLogins() === loginsBefore + 1, 500)).toBe(true);
  });

  it('refuses, before connecting, an argv that skipped validation', async () => {
    const connects: string[] = [];
    const run = open({}, { onConnect: ({ node }) => connects.push(node) }).run(['echo', 'a\n; touch /tmp/pwned']);
    await expect(run).rejects.toMatchObject({ name: 'UnsafeArgvError', problem: { reason: 'newline', wordIndex: 1 } });
    expect(connects).toEqual([]);
  });

  it('keeps at most maxOutputBytes of output and marks it truncated', async () => {
    const outcome = await open({ limits: { maxOutputBytes: 1024 } }).run(['head', '-c', '200000', '/dev/zero']);
    expect(outcome).toMatchObject({ kind: 'ok', truncated: true });
    expect(outcome.kind === 'ok' && outcome.stdout.length).toBe(1024);
  });

  it('reconnects after the connection dropped', async () => {
    const connects: string[] = [];
    const transport = open({}, { onConnect: ({ node }) => connects.push(node) });
    // Killing the session's sshd process drops the connection from the node's side.
    const dropped = await transport.run(['sh', '-c', `kill -TERM $(${sessionPidShell}); sleep 5`]);
    // The command was sent: it may have run, which a mutation's record must say.
    expect(dropped).toMatchObject({ kind: 'connection-lost', detail: expect.stringContaining('lost while running the command') });
    expect(await transport.run(['echo', 'back'])).toMatchObject({ kind: 'ok', stdout: 'back\n' });
    expect(connects).toHaveLength(2);
  });

  it('survives a frozen link: the keepalive error is reported, not thrown, and the next command reconnects', async () => {
    const errors: string[] = [];
    const transport = open({}, { keepaliveIntervalMs: 150, keepaliveCountMax: 2, onConnectionError: (_node, error) => errors.push(error.message) });
    const first = await transport.run(['sh', '-c', sessionPidShell]);
    const sessionPid = first.kind === 'ok' ? Number(first.stdout.trim()) : NaN;
    expect(sessionPid).toBeGreaterThan(1);
    process.kill(sessionPid, 'SIGSTOP');
    try {
      expect(await waitUntil(() => errors.length > 0, 2_000)).toBe(true);
      expect(errors[0]).toMatch(/keepalive/i);
      expect(await transport.run(['echo', 'fresh'])).toMatchObject({ kind: 'ok', stdout: 'fresh\n' });
    } finally {
      process.kill(sessionPid, 'SIGKILL');
    }
  });
});

describe('deadlines', () => {
  it('returns timeout promptly on a hung command and kills it on the node', async () => {
    const marker = 'sleep 31.7';
    const transport = open();
    const { outcome, ms } = await timed(() => transport.run(['sleep', '31.7'], { deadlineMs: 1_000 }));
    expect(outcome).toMatchObject({ kind: 'timeout', phase: 'command' });
    expect(ms).toBeGreaterThanOrEqual(990);
    expect(ms).toBeLessThan(2_500);
    expect(await waitUntil(() => processesMatching(`^${marker}$`).length === 0, 1_000)).toBe(true);
    expect(await transport.run(['echo', 'still usable'])).toMatchObject({ kind: 'ok' });
  });

  it('ends a command when the caller aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const { outcome, ms } = await timed(() => open().run(['sleep', '30'], { signal: controller.signal }));
    expect(outcome).toMatchObject({ kind: 'timeout' });
    expect(ms).toBeLessThan(1_500);
  });

  it('fails a host that accepts TCP and never speaks as unreachable/connect-timeout within the connect deadline', async () => {
    const silent = net.createServer(() => undefined);
    const sockets: net.Socket[] = [];
    silent.on('connection', (socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as net.AddressInfo).port;
      const { outcome, ms } = await timed(() => open({ ssh: { port }, deadlines: { connectMs: 1_000 } }).run(['true']));
      expect(outcome).toMatchObject({ kind: 'unreachable', reason: 'connect-timeout' });
      expect(ms).toBeLessThan(2_000);
    } finally {
      sockets.forEach((s) => s.destroy());
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('fails a closed port as unreachable/refused at once', async () => {
    const port = await freeLoopbackPort();
    const { outcome, ms } = await timed(() => open({ ssh: { port } }).run(['true']));
    expect(outcome).toMatchObject({ kind: 'unreachable', reason: 'refused' });
    expect(ms).toBeLessThan(500);
  });
});

describe('host keys and authentication', () => {
  const knownHostsName = () => `[127.0.0.1]:${sshd.port}`;

  function writeKnownHosts(name: string, lines: string[]): string {
    const file = path.join(sshd.dir, name);
    writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  }

  it('refuses a host whose key differs from the pinned one, naming the node and the fix', async () => {
    const other = generateKeyPair(sshd.dir, 'other_host_key');
    const outcome = await open({ ssh: { hostKey: other.publicKey } }).run(['true']);
    expect(outcome.kind).toBe('host-key-mismatch');
    const detail = outcome.kind === 'host-key-mismatch' ? outcome.detail : '';
    expect(detail).toContain(nodeName);
    expect(detail).toContain('does not match');
    expect(detail).toContain(`${knownHostsName()} ${sshd.hostKey.publicKey}`);
  });

  it('accepts a plain known_hosts entry', async () => {
    const file = writeKnownHosts('known_hosts_plain', ['other.example ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE1l', `${knownHostsName()} ${sshd.hostKey.publicKey}`]);
    expect(await open({ ssh: { hostKey: undefined, knownHostsFile: file } }).run(['true'])).toMatchObject({ kind: 'ok' });
  });

  it('accepts a hashed known_hosts entry written by ssh-keygen -H', async () => {
    const file = writeKnownHosts('known_hosts_hashed', [`${knownHostsName()} ${sshd.hostKey.publicKey}`]);
    execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
    expect(execFileSync('cat', [file], { encoding: 'utf8' })).toMatch(/^\|1\|/);
    expect(await open({ ssh: { hostKey: undefined, knownHostsFile: file } }).run(['true'])).toMatchObject({ kind: 'ok' });
  });

  it('refuses a host with no known_hosts entry unless allowUnknownHostKey is set', async () => {
    const file = writeKnownHosts('known_hosts_other', ['[127.0.0.1]:1 ' + sshd.hostKey.publicKey]);
    const refused = await open({ ssh: { hostKey: undefined, knownHostsFile: file } }).run(['true']);
    expect(refused).toMatchObject({ kind: 'host-key-mismatch', detail: expect.stringContaining('not recorded') });
    const lab = await open({ ssh: { hostKey: undefined, allowUnknownHostKey: true } }).run(['true']);
    expect(lab).toMatchObject({ kind: 'ok' });
  });

  it('reports a key the server does not accept as auth-failed', async () => {
    const stranger = generateKeyPair(sshd.dir, 'stranger_key');
    const outcome = await open({ ssh: { privateKey: { file: stranger.privateKeyFile } } }).run(['true']);
    expect(outcome).toMatchObject({ kind: 'auth-failed', detail: expect.stringContaining('authorized_keys') });
  });

  it('reads the private key from an environment variable and never echoes it', async () => {
    const env = { RMQ_BOT_SSH_KEY: sshd.clientKey.privateKeyPem };
    const secrets = { env, readFile: () => { throw new Error('no files in this test'); } };
    expect(await open({ ssh: { privateKey: { env: 'RMQ_BOT_SSH_KEY' } } }, { secrets }).run(['true'])).toMatchObject({ kind: 'ok' });

    const missing = await open({ ssh: { privateKey: { env: 'RMQ_BOT_MISSING' } } }, { secrets }).run(['true']);
    expect(missing).toMatchObject({ kind: 'auth-failed', detail: expect.stringContaining('RMQ_BOT_MISSING is not set') });
  });

  it('needs the passphrase of an encrypted key and never puts it in the detail', async () => {
    const encrypted = generateKeyPair(sshd.dir, 'encrypted_key', 'correct horse');
    writeFileSync(path.join(sshd.dir, 'authorized_keys'), `${sshd.clientKey.publicKey}\n${encrypted.publicKey}\n`);
    const passphraseFile = path.join(sshd.dir, 'passphrase');
    writeFileSync(passphraseFile, 'correct horse\n');
    const withPassphrase = await open({ ssh: { privateKey: { file: encrypted.privateKeyFile }, passphrase: { file: passphraseFile } } }).run(['true']);
    expect(withPassphrase).toMatchObject({ kind: 'ok' });

    writeFileSync(passphraseFile, 'wrong horse');
    const wrong = await open({ ssh: { privateKey: { file: encrypted.privateKeyFile }, passphrase: { file: passphraseFile } } }).run(['true']);
    expect(wrong.kind).toBe('auth-failed');
    expect(JSON.stringify(wrong)).not.toMatch(/horse|PRIVATE KEY/);
  });
});

describe('concurrency limits', () => {
  /**
   * Two one-second sleeps on two nodes of one host; each reports when it started and ended on the host's
   * own clock, so the answer is whether they overlapped, however slow this machine is right now.
   */
  async function twoSleepsOverlap(perHostConcurrency: number): Promise<boolean> {
    const transports = openTransports({ nodes: 2, limits: { perHostConcurrency } });
    // Two nodes on one host share the host's limiter.
    const nodes = [readerOf(transports, 'rabbit1@localhost'), readerOf(transports, 'rabbit2@localhost')];
    const outcomes = await Promise.all(nodes.map((n) => n.run(['sh', '-c', 'date +%s%N; sleep 1; date +%s%N'])));
    const spans = outcomes.map((o) => {
      if (o.kind !== 'ok') throw new Error(`sleep did not run: ${JSON.stringify(o)}`);
      const [start, end] = o.stdout.trim().split('\n').map(BigInt);
      return { start: start!, end: end! };
    });
    const [a, b] = spans as [{ start: bigint; end: bigint }, { start: bigint; end: bigint }];
    return a.start < b.end && b.start < a.end;
  }

  it('runs commands to one host one at a time with perHostConcurrency 1', async () => {
    expect(await twoSleepsOverlap(1)).toBe(false);
  }, 60_000);

  it('runs them side by side with perHostConcurrency 2', async () => {
    expect(await twoSleepsOverlap(2)).toBe(true);
  }, 60_000);

  it('runs a host read (queue host-read) beside the broker calls that fill the host queue, not after them', async () => {
    const transports = openTransports({ nodes: 1, limits: { perHostConcurrency: 1 } });
    const reader = transports.readerFor('lab', nodeName);
    const span: Argv = ['sh', '-c', 'date +%s%N; sleep 1; date +%s%N'];
    const hostRead = { access: 'read', name: 'host-probe', argv: span, queue: 'host-read' } as ReadCommand;
    const outcomes = await Promise.all([reader.read(probe(span)), reader.read(hostRead), reader.read(probe(span))]);
    const [cliA, host, cliB] = outcomes.map((o) => {
      if (o.kind !== 'ok') throw new Error(`sleep did not run: ${JSON.stringify(o)}`);
      const [start, end] = o.stdout.trim().split('\n').map(BigInt);
      return { start: start!, end: end! };
    }) as [{ start: bigint; end: bigint }, { start: bigint; end: bigint }, { start: bigint; end: bigint }];
    // The main queue still runs one at a time; the host read overlaps the first of them.
    expect(cliA.end <= cliB.start).toBe(true);
    expect(host.start < cliA.end && cliA.start < host.end).toBe(true);
  }, 60_000);

  it('lets a caller abort while its command still waits for a slot', async () => {
    const transport = open({ limits: { perHostConcurrency: 1 } });
    const order: string[] = [];
    const busy = transport.run(['sleep', '3']).then((o) => (order.push('busy finished'), o));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const outcome = await transport.run(['echo', 'never'], { signal: controller.signal });
    order.push('waiting call answered');
    expect(outcome).toMatchObject({ kind: 'timeout', stdout: '' });
    expect(await busy).toMatchObject({ kind: 'ok' });
    // The aborted call did not wait for the slot to free up.
    expect(order).toEqual(['waiting call answered', 'busy finished']);
  });
});

describe('read and mutation runners', () => {
  it('gives mutations their own deadline: a command past the read deadline completes when sent as a mutation', async () => {
    const transports = openTransports({ deadlines: { commandMs: 500, mutationMs: 30_000 } });
    expect(await readerOf(transports).run(['sleep', '1.2'])).toMatchObject({ kind: 'timeout', afterMs: 500 });
    expect(await transports.mutatorFor('lab', nodeName).send(change(['sleep', '1.2']))).toMatchObject({ kind: 'ok' });
  });

  it('refuses at run time, before connecting, a command of the other kind', async () => {
    const connects: string[] = [];
    const transports = openTransports({}, { onConnect: ({ node }) => connects.push(node) });
    const forgedRead = change(['touch', '/tmp/rmq-bot-never']) as unknown as ReadCommand;
    await expect(transports.readerFor('lab', nodeName).read(forgedRead)).rejects.toMatchObject({ name: 'CommandAccessError', expected: 'read' });
    const forgedMutation = probe(['true']) as unknown as MutatingCommand;
    await expect(transports.mutatorFor('lab', nodeName).send(forgedMutation)).rejects.toMatchObject({ name: 'CommandAccessError', expected: 'mutate' });
    expect(connects).toEqual([]);
  });

  it('hands read paths no way to run a raw argv', () => {
    const reader = openTransports().readerFor('lab', nodeName);
    expect(Object.keys(reader)).toEqual(['read', 'openLoopbackChannel']);
    // @ts-expect-error a reader has no raw run
    expect(reader.run).toBeUndefined();
    // @ts-expect-error a plain argv is not a ReadCommand: only the read allowlist mints one
    void (() => reader.read(['rabbitmqctl', 'stop_app']));
    // @ts-expect-error a mutating command is not a ReadCommand
    void (() => reader.read(change(['rabbitmqctl', 'stop_app'])));
  });
});

describe('loopback channels', () => {
  it("carry a TCP stream to a port on the node's loopback over its SSH connection, for readers only", async () => {
    const greeter = net.createServer((socket) => socket.end('hello from the node\n'));
    await new Promise<void>((resolve) => greeter.listen(0, '127.0.0.1', resolve));
    try {
      const transports = openTransports();
      const channel = await transports.readerFor('lab', nodeName).openLoopbackChannel((greeter.address() as net.AddressInfo).port);
      if (!channel.ok) throw new Error(channel.error.detail);
      const chunks: Buffer[] = [];
      for await (const chunk of channel.value) chunks.push(chunk as Buffer);
      expect(Buffer.concat(chunks).toString('utf8')).toBe('hello from the node\n');
      // A mutation runner sends catalog commands and nothing else: no stream to anything.
      expect(Object.keys(transports.mutatorFor('lab', nodeName))).toEqual(['send']);
    } finally {
      await new Promise((resolve) => greeter.close(resolve));
    }
  });

  it('names the node and the port when nothing listens there', async () => {
    const port = await freeLoopbackPort();
    const channel = await openTransports().readerFor('lab', nodeName).openLoopbackChannel(port);
    expect(channel).toMatchObject({ ok: false, error: { kind: 'channel-refused', detail: expect.stringContaining(`${nodeName} (127.0.0.1:${sshd.port}) opened no channel to its 127.0.0.1:${port}`) } });
  });

  it('gives up on a forward the node does not accept in time, as when the listener\'s process is hung', async () => {
    // A listener that never accepts (perl is in every Debian base system): once its one-slot accept
    // queue is full the kernel drops further SYNs, and sshd's connect for the forward waits for minutes.
    const stuck = spawn('perl', ['-MIO::Socket::INET', '-e', '$| = 1; my $s = IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => 0, Listen => 0) or die; print $s->sockport, "\\n"; sleep 600']);
    try {
      const port = await new Promise<number>((resolve, reject) => {
        stuck.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
        stuck.once('error', reject);
      });
      const reader = openTransports().readerFor('lab', nodeName);
      const opened: Array<Awaited<ReturnType<typeof reader.openLoopbackChannel>>> = [];
      // The first forwards fill the accept queue and open; one past it has to time out, and say so.
      for (let i = 0; i < 32 && !opened.some((c) => !c.ok); i++) opened.push(await reader.openLoopbackChannel(port, { openWithinMs: 1_000 }));
      expect(opened.at(-1)).toMatchObject({ ok: false, error: { kind: 'channel-timeout', detail: expect.stringContaining(`did not open a channel to its 127.0.0.1:${port} in time`) } });
      for (const channel of opened) if (channel.ok) channel.value.destroy();
    } finally {
      stuck.kill();
    }
  });

  it("gives the connect failure when the node's SSH cannot be reached", async () => {
    const port = await freeLoopbackPort();
    const channel = await openTransports({ ssh: { port } }).readerFor('lab', nodeName).openLoopbackChannel(15672);
    expect(channel).toMatchObject({ ok: false, error: { kind: 'unreachable', reason: 'refused' } });
  });
});
