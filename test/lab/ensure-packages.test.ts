import { ensureLabPackages, missingPackages } from '../../src/lab/ensure-packages';
import { createProgress } from '../../src/lab/progress';
import type { CommandResult } from '../../src/lab/run-command';

const nothingInstalled = () => false;
const ok: CommandResult = { exitCode: 0, signal: null, stdout: '', stderr: '', timedOut: false, spawnError: null, durationMs: 5 };

describe('ensureLabPackages', () => {
  it('names the packages that provide the missing files', () => {
    expect(missingPackages(nothingInstalled)).toEqual(['rabbitmq-server', 'openssh-server', 'openssh-client']);
    expect(missingPackages((file) => !file.includes('sshd'))).toEqual(['openssh-server']);
  });

  it('as non-root with packages missing, says exactly what to install and how', async () => {
    const run = jest.fn();
    await expect(ensureLabPackages(createProgress(() => undefined), { isRoot: false, fileExists: nothingInstalled, run })).rejects.toMatchObject({
      code: 'packages-missing',
      message: expect.stringContaining('sudo apt-get update && sudo apt-get install -y rabbitmq-server openssh-server'),
    });
    expect(run).not.toHaveBeenCalled();
  });

  it('as non-root with everything installed, asks for root', async () => {
    await expect(ensureLabPackages(createProgress(() => undefined), { isRoot: false, fileExists: () => true })).rejects.toMatchObject({ code: 'not-root' });
  });

  it('as root, installs what is missing with progress lines, then checks again', async () => {
    let installed = false;
    const commands: string[] = [];
    const lines: string[] = [];
    const run = async (argv: readonly string[]) => {
      commands.push(argv.join(' '));
      if (argv[1] === 'install') installed = true;
      return ok;
    };
    const blockServiceStarts = async <T>(work: () => Promise<T>): Promise<T> => {
      commands.push('block service starts');
      const result = await work();
      commands.push('allow service starts');
      return result;
    };
    await ensureLabPackages(createProgress((l) => lines.push(l)), { isRoot: true, fileExists: () => installed, run, blockServiceStarts });
    expect(commands).toEqual(['block service starts', 'apt-get update', 'apt-get install -y rabbitmq-server openssh-server', 'allow service starts']);
    expect(lines.some((l) => l.includes('apt-get install -y rabbitmq-server openssh-server: done in'))).toBe(true);
  });

  it('as root, reports a failed install with its output', async () => {
    const run = async () => ({ ...ok, exitCode: 100, stderr: 'E: Unable to locate package rabbitmq-server' });
    const blockServiceStarts = <T>(work: () => Promise<T>): Promise<T> => work();
    await expect(ensureLabPackages(createProgress(() => undefined), { isRoot: true, fileExists: nothingInstalled, run, blockServiceStarts })).rejects.toMatchObject({
      code: 'package-install-failed',
      message: expect.stringContaining('Unable to locate package'),
    });
  });
});
