import { vitalsSchema } from '../../src/vitals/vitals-config';

describe('the vitals: config key', () => {
  it('defaults every threshold and the data dir', () => {
    const config = vitalsSchema.parse({});
    expect(config.dataDir).toBe('/var/lib/rabbitmq');
    expect(config.thresholds.stealPercent).toEqual({ warning: 5, critical: 20 });
  });

  it('takes one threshold and keeps the others', () => {
    const config = vitalsSchema.parse({ thresholds: { stealPercent: { warning: 2, critical: 10 } } });
    expect(config.thresholds.stealPercent).toEqual({ warning: 2, critical: 10 });
    expect(config.thresholds.diskUsedPercent).toEqual({ warning: 80, critical: 90 });
  });

  it.each([
    [{ thresholds: { stealPercent: { warning: 30, critical: 10 } } }, 'warning must not be above critical'],
    [{ thresholds: { memoryAvailablePercent: { warning: 5, critical: 15 } } }, 'lower is worse'],
    [{ thresholds: { stealPrecent: { warning: 1, critical: 2 } } }, 'stealPrecent'],
    [{ dataDir: 'var/lib/rabbitmq' }, 'expected an absolute path'],
  ])('refuses %j naming the problem', (input, problem) => {
    const parsed = vitalsSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toContain(problem);
  });
});
