/**
 * Erlang strings are lists of character codes, and 3.7's `--formatter json` prints them that way
 * (`"erlang_version":[69,114,108,…]`). Returns the text, or null when the list is not all code points.
 */
export function charCodesToString(codes: readonly unknown[]): string | null {
  let text = '';
  for (const code of codes) {
    if (typeof code !== 'number' || !Number.isInteger(code) || code < 0 || code > 0x10ffff) return null;
    if (code >= 0xd800 && code <= 0xdfff) return null;
    text += String.fromCodePoint(code);
  }
  return text;
}
