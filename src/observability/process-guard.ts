import { randomUUID } from 'node:crypto';
import type { Logger } from './logger';

/**
 * During an outage the bot must outlive its own bugs: an error nothing caught is logged once, with
 * a correlation id a user can quote, and the process keeps serving. Returns the uninstaller.
 */
export function installProcessGuard(logger: Logger, context: Record<string, unknown>): () => void {
  const report = (kind: 'unhandled-rejection' | 'uncaught-exception') => (e: unknown) => {
    const correlationId = randomUUID().slice(0, 8);
    logger.error({ ...context, err: e, kind, correlationId }, `an error escaped every handler (ref ${correlationId}); still serving`);
  };
  const onRejection = report('unhandled-rejection');
  const onException = report('uncaught-exception');
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}
