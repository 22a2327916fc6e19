import { installProcessGuard } from '../../src/observability/process-guard';
import { capturedLogger } from '../helpers/captured-logger';

describe('installProcessGuard', () => {
  it('logs an escaped rejection and exception once each, with context and a correlation id, and uninstalls cleanly', () => {
    const log = capturedLogger('info');
    const before = process.listenerCount('unhandledRejection');
    const uninstall = installProcessGuard(log.logger, { component: 'serve' });
    process.emit('unhandledRejection', new Error('listener blew up'), Promise.resolve());
    process.emit('uncaughtException', new TypeError("Cannot read properties of null (reading 'ssl_check')"));
    uninstall();
    expect(process.listenerCount('unhandledRejection')).toBe(before);
    const entries = log.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries.map((e) => [e.kind, e.component])).toEqual([
      ['unhandled-rejection', 'serve'],
      ['uncaught-exception', 'serve'],
    ]);
    for (const e of entries) {
      expect(e.correlationId).toMatch(/^[0-9a-f]{8}$/);
      expect(String(e.msg)).toContain(`ref ${String(e.correlationId)}`);
    }
  });
});
