import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { toRemoteCommand } from '../../src/transport/remote-command';
import { readHostVitals } from '../../src/vitals/read-host-vitals';
import { VITALS_SCRIPT, vitalsCommand, vitalsSampleSeconds } from '../../src/vitals/vitals-command';

/** Runs the quoted command the way sshd does: one string, parsed by the login shell. */
const runAsSshd = (command: string): string => execFileSync('sh', ['-c', command], { encoding: 'utf8', timeout: 20_000 });

describe('the vitals command', () => {
  it('is a constant script, minted as a read command: the data dir reaches it only as $1, the sample interval as $2', () => {
    const command = vitalsCommand('/var/lib/rabbitmq');
    expect(command).toEqual({ access: 'read', name: 'vitals', argv: ['sh', '-c', VITALS_SCRIPT, 'rmq-vitals', '/var/lib/rabbitmq', '1'], queue: 'host-read' });
    expect(vitalsCommand('/var/lib/rabbitmq', 'quick').argv.at(-1)).toBe('0.2');
    expect(VITALS_SCRIPT).not.toContain('/var/lib/rabbitmq');
    expect(VITALS_SCRIPT).toContain('df -P -k -- "$1"');
  });

  it('only reads: no redirection into files, no writes, no kill', () => {
    expect(VITALS_SCRIPT).not.toMatch(/>\s*\/(?!dev\/null)|\brm\b|\bkill\b|\btee\b|\bdd\b|\bmv\b|\bcp\b/);
  });

  it('keeps a hostile data dir one inert word, through the real quoting and a real shell', () => {
    const marker = `/tmp/rmq-vitals-injected-${process.pid}`;
    const hostile = `/tmp/x"; touch ${marker}; echo "$(touch ${marker})\`touch ${marker}\`'`;
    const command = toRemoteCommand(vitalsCommand(hostile).argv);
    if (!command.ok) throw new Error(command.error.message);
    const output = runAsSshd(command.value);
    expect(output).toContain('@@rmq-vitals df');
    expect(() => execFileSync('test', ['-e', marker])).toThrow();
  });

  it('quotes any data dir into a command that passes it to the script unchanged', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !/[\0\n\r]/.test(s)), (dir) => {
        const command = toRemoteCommand(['sh', '-c', 'printf %s "$1"', 'rmq-vitals', `/${dir}`]);
        if (!command.ok) return false;
        return runAsSshd(command.value) === `/${dir}`;
      }),
      { numRuns: 50 },
    );
  });

  it('takes the quick look of the status line on this host: rates over the interval it measured, never shorter than asked', () => {
    const command = toRemoteCommand(vitalsCommand('/', 'quick').argv);
    if (!command.ok) throw new Error(command.error.message);
    const now = Date.now() / 1000;
    const vitals = readHostVitals(runAsSshd(command.value), { sentAtSeconds: now, receivedAtSeconds: now });
    expect(vitals.sampleSeconds).not.toBeNull();
    expect(vitals.sampleSeconds ?? 0).toBeGreaterThanOrEqual(vitalsSampleSeconds.quick - 0.01);
    expect(vitals.cpu?.stealPercent ?? null).not.toBeNull();
  });

  it('refuses a data dir with a line break before anything runs', () => {
    expect(toRemoteCommand(vitalsCommand('/var/lib/rabbitmq\nrm -rf /').argv).ok).toBe(false);
  });
});
