const REDACTED = '⟨redacted⟩';

/** Secrets that end up in RabbitMQ logs, configs and command lines, with what to keep around them. */
const SECRET_PATTERNS: readonly (readonly [RegExp, string])[] = [
  // amqp://user:pass@host, and any other URI scheme with credentials.
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]+):[^\s@'"]+@/gi, `$1:${REDACTED}@`],
  // -setcookie X (erl), --erlang-cookie X (CLI), RABBITMQ_ERLANG_COOKIE=X (env).
  [/(-setcookie\s+|--erlang-cookie[\s=]+|ERLANG_COOKIE\s*[=:]\s*)("[^"]*"|'[^']*'|\S+)/gi, `$1${REDACTED}`],
  // The cookie hash printed in banners and CLI diagnostics is enough to brute-force a weak cookie.
  [/(cookie hash\s*:?\s*)\S+/gi, `$1${REDACTED}`],
  // default_pass = x, password: x, "password":"x".
  [/((?:default_pass|password|passwd)"?\s*[=:]\s*"?)[^\s",}]+/gi, `$1${REDACTED}`],
];

/** Replaces passwords and Erlang cookies with a marker; everything else is left as it was. */
export const redactSecrets = (text: string): string =>
  SECRET_PATTERNS.reduce((current, [pattern, replacement]) => current.replace(pattern, replacement), text);
