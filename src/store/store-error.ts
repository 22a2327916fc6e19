/** Why the store refused or failed, for the few failures a caller or an operator can act on. */
export type StoreErrorCode =
  /** The configured backend cannot be opened (its URL secret is missing, …). */
  | 'unconfigured'
  /** The database was migrated by a newer bot than this one. */
  | 'schema-too-new'
  /** A row's JSON does not match its schema (written by hand, or by a bot with other kinds). */
  | 'invalid-row'
  /** An event's details do not match its kind's schema: a bug in the caller. */
  | 'invalid-event';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}
