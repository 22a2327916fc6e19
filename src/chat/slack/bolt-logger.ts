import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../observability/logger';

const pinoLevel: Record<LogLevel, string> = {
  [LogLevel.DEBUG]: 'debug',
  [LogLevel.INFO]: 'info',
  [LogLevel.WARN]: 'warn',
  [LogLevel.ERROR]: 'error',
};

/** Bolt and the Web API client log through their own interface; this sends them to our pino logger. */
export function boltLoggerFrom(logger: Logger, name = 'slack'): BoltLogger {
  let child = logger.child({ component: name });
  const text = (parts: unknown[]): string => parts.map((p) => (typeof p === 'string' ? p : p instanceof Error ? p.message : JSON.stringify(p))).join(' ');
  return {
    debug: (...parts: unknown[]) => child.debug(text(parts)),
    info: (...parts: unknown[]) => child.info(text(parts)),
    warn: (...parts: unknown[]) => child.warn(text(parts)),
    error: (...parts: unknown[]) => child.error(text(parts)),
    // The level is ours (LOG_LEVEL): Bolt and the Socket Mode client set theirs on every logger they
    // are given, which would turn a silent test logger or a quiet production one verbose.
    setLevel: () => undefined,
    getLevel: () => (Object.entries(pinoLevel).find(([, v]) => v === child.level)?.[0] as LogLevel | undefined) ?? LogLevel.ERROR,
    setName: (newName: string) => {
      child = logger.child({ component: newName });
    },
  };
}
