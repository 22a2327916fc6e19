/** Every failure the bot explains to a user; a new one is added here, so codes cannot drift. */
export type UserFacingErrorCode =
  | 'unknown-cluster'
  | 'unknown-node'
  | 'ambiguous-node'
  | 'bad-search-text'
  | 'bad-button'
  | 'management-not-configured'
  | 'no-samples'
  | 'unknown-runbook'
  | 'no-standby';

/**
 * A failure whose message is written for the person in the incident channel: it names the problem
 * and the fix. Anything else that escapes a handler is logged with context and answered with a short
 * apology and a correlation id, never with its raw message.
 */
export class UserFacingError extends Error {
  readonly code: UserFacingErrorCode;
  readonly hint: string | undefined;

  constructor(code: UserFacingErrorCode, message: string, hint?: string) {
    super(message);
    this.name = 'UserFacingError';
    this.code = code;
    this.hint = hint;
  }
}

export const isUserFacingError = (e: unknown): e is UserFacingError => e instanceof UserFacingError;
