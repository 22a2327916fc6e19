/**
 * Text that may be a credential, by shape: never repeated in an error or a log, whatever key it
 * sits under. Errs on the side of hiding: an error that says "(value hidden)" costs nothing.
 */
const secretShapes: readonly RegExp[] = [
  /-----BEGIN [A-Z0-9 ]*KEY-----/,
  /\bxox[abposre]-/,
  /\bxapp-/,
  /\bAKIA[0-9A-Z]{16}\b/,
  /\bgh[pousr]_[A-Za-z0-9]{20,}/,
  /\beyJ[A-Za-z0-9_-]{10,}\./,
  // An Erlang cookie is 20 upper-case letters; long base64 or hex runs are keys and tokens (a path
  // splits at its slashes, so `/var/lib/rabbitmq/...` stays quotable).
  /^[A-Z]{20}$/,
  /[A-Za-z0-9+_=-]{24,}/,
];

export function looksSecret(text: string): boolean {
  return secretShapes.some((shape) => shape.test(text));
}
