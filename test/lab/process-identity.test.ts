import { identify, parseProcStat, processState, signalIfOurs } from '../../src/lab/process-identity';

// Fields 3..22 of a real /proc/PID/stat line; the comm field is what varies in these tests.
const TAIL = 'S 1 9180 9180 0 -1 4194560 36522 0 0 0 110 58 0 0 20 0 32 0 271828 2390482944';

describe('parseProcStat', () => {
  it('reads the state and the start time', () => {
    expect(parseProcStat(`9193 (beam.smp) ${TAIL}`)).toEqual({ state: 'running', startTime: 271828 });
  });

  it('survives a comm with spaces and parentheses', () => {
    expect(parseProcStat(`42 (evil) (name x) ${TAIL}`)).toEqual({ state: 'running', startTime: 271828 });
  });

  it('sees SIGSTOP as hung and a zombie as a zombie', () => {
    expect(parseProcStat(`9193 (beam.smp) ${TAIL.replace(/^S/, 'T')}`)?.state).toBe('hung');
    expect(parseProcStat(`9193 (beam.smp) ${TAIL.replace(/^S/, 'Z')}`)?.state).toBe('zombie');
  });

  it('returns null for text that is not a stat line', () => {
    expect(parseProcStat('')).toBeNull();
  });
});

describe('process identity', () => {
  it('knows this test process is running', () => {
    const me = identify(process.pid);
    expect(me).not.toBeNull();
    if (me !== null) expect(processState(me)).toBe('running');
  });

  it('treats a reused PID (other start time) as gone and never signals it', () => {
    const me = identify(process.pid);
    if (me === null) throw new Error('no /proc entry for this process');
    const stranger = { pid: me.pid, startTime: me.startTime + 1 };
    expect(processState(stranger)).toBe('gone');
    expect(signalIfOurs(stranger, 'SIGTERM')).toBe(false);
  });
});
