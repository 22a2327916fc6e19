import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Operational log on stderr (stdout belongs to replies in console mode). Token-bearing fields are
 * redacted by path so a logged Slack payload or config never leaks a secret.
 */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'warn'): Logger {
  return pino(
    {
      level,
      redact: {
        paths: ['token', '*.token', 'botToken', 'appToken', 'signingSecret', 'headers.authorization', '*.privateKey', '*.passphrase'],
        censor: '[redacted]',
      },
    },
    pino.destination(2),
  );
}

export const silentLogger: Logger = pino({ level: 'silent' });
