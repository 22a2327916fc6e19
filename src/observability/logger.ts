import pino, { type Logger } from 'pino';
import { safeHeaders } from './safe-headers';

export type { Logger } from 'pino';

/**
 * Operational log on stderr (stdout belongs to replies in console mode). Token-bearing fields are
 * redacted by path so a logged Slack payload or config never leaks a secret, and any logged
 * `headers` keeps only a safe list (an Authorization or Cookie header is dropped, whatever its name).
 */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'warn', destination: pino.DestinationStream = pino.destination(2)): Logger {
  return pino(
    {
      level,
      serializers: { headers: safeHeaders },
      redact: {
        paths: ['token', '*.token', 'botToken', 'appToken', 'signingSecret', 'headers.authorization', '*.privateKey', '*.passphrase'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

export const silentLogger: Logger = pino({ level: 'silent' });
