import { spawn } from 'node:child_process';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { runGuidedReplay } from '../../src/drills/guided-replay';
import { useTestLab } from '../helpers/lab';

/*
 * `rmq-bot drill` through the real CLI on a real lab: the report, the exit code on a wrong verdict,
 * and the read-only half against a configured cluster. Every scenario in a lab of its own is
 * `npm run drills`; here the CLI contract and the guided replay of `npm run demo` are checked.
 */

// The e2e project's testTimeout in jest.config.js does not reach the tests (jest 30 treats it as a global option).
jest.setTimeout(180_000);

const repo = path.resolve(__dirname, '../..');

function drill(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repo, 'bin', 'rmq-bot.js'), 'drill', ...args], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'error' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('rmq-bot drill on a real lab', () => {
  const lab = useTestLab({ nodes: 3 });

  it('lists every scenario with the lab it needs', async () => {
    const listed = await drill(['list']);
    expect(listed.code).toBe(0);
    for (const name of ['crash', 'hang', 'ssh-silent', 'memory-alarm', 'disk-alarm', 'cookie-mismatch', 'forget', 'seed-2016', 'partition-ignore', 'partition-pause-minority', 'partition-autoheal']) {
      expect(listed.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    }
    expect(listed.stdout).toContain('lab: 3 nodes each in its own network namespace, cluster_partition_handling = pause_minority');
  });

  it('read-only against a healthy cluster: injects nothing, the verdict is wrong for the drill, exit 1 with the bot\'s answer in the report', async () => {
    const subject = lab().node('3').name;
    const run = await drill(['crash', '--config', lab().configPath, '--target', 'lab', '--node', subject]);
    expect(run.stderr).toContain('Read-only: no fault is injected outside the lab.');
    expect(run.stdout).toContain('skipped: faults are injected in the lab only');
    expect(run.stdout).toContain(`      FAIL   ${subject} is shown as "RabbitMQ down"`);
    expect(run.stdout).toContain('             | ✔ 3 of 3 nodes up; no problems seen');
    expect(run.stdout).toMatch(/^result: FAIL: 0 of 2 expectations held/m);
    expect(run.code).toBe(1);
    expect(lab().processState('3')).toBe('running');
  });

  it('read-only after the team broke the node itself: every expectation holds, exit 0', async () => {
    await lab().crash('3');
    const run = await drill(['crash', '--config', lab().configPath, '--target', 'lab', '--node', lab().node('3').name]);
    expect(run.stdout).toMatch(/^result: PASS: 2 of 2 expectations held/m);
    expect(run.code).toBe(0);
    await lab().start('3');
  });

  it('the guided 2016 replay of npm run demo: narrates, crashes the queues\' home, and says what to type after each answer', async () => {
    const stdin = new PassThrough();
    let stdout = '';
    let stderr = '';
    const sink = (append: (text: string) => void) => new Writable({ write: (chunk, _encoding, done) => (append(chunk.toString()), done()) });
    stdin.end('/rmq status\n/rmq diagnose\n');
    const code = await runGuidedReplay(lab(), { stdin, stdout: sink((t) => (stdout += t)), stderr: sink((t) => (stderr += t)), interactive: false });
    expect(code).toBe(0);
    const dead = lab().node('3').name;
    expect(lab().processState('3')).toBe('stopped');
    expect(stderr).toContain(`${dead}'s Erlang VM is killed (kill -9)`);
    const hints = stderr.split('\n').filter((l) => l.startsWith('» '));
    expect(hints.map((h) => h.slice(0, 40))).toEqual([expect.stringContaining('Replaying 17 Aug 2016'), expect.stringContaining('14:13'), expect.stringContaining('The bot says within seconds'), expect.stringContaining('This is the moment of 2016')]);
    expect(stdout).toContain(`Evicting ${dead} will NOT bring them back`);
  });
});
