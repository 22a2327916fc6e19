import type { Logger } from '../observability/logger';
import type { NewEvent, Store } from './store';

/**
 * Appends to the event log from a chat path: a store that is down must not turn an answered command
 * into a failed one, so the failure is logged with the event it lost.
 */
export async function recordEvent(store: Store, event: NewEvent, logger: Logger): Promise<void> {
  try {
    await store.appendEvent(event);
  } catch (e) {
    logger.error({ err: e, kind: event.kind, idempotencyKey: event.idempotencyKey }, 'could not record an event');
  }
}
