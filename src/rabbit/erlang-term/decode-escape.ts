const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  b: '\b',
  d: '\x7f',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  s: ' ',
  t: '\t',
  v: '\v',
};

const OCTAL = /[0-7]{1,3}/y;
const HEX_BRACED = /x\{([0-9a-fA-F]+)\}/y;
const HEX_PAIR = /x([0-9a-fA-F]{2})/y;

function codePointText(code: number): string {
  return code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
}

function sticky(pattern: RegExp, text: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(text);
}

/**
 * Decodes the Erlang escape sequence whose backslash is at `at`. Returns null when the input ends
 * inside the sequence, so the caller can report a truncated string.
 */
export function decodeEscape(text: string, at: number): { value: string; end: number } | null {
  const after = at + 1;
  const char = text[after];
  if (char === undefined) return null;
  const simple = SIMPLE_ESCAPES[char];
  if (simple !== undefined) return { value: simple, end: after + 1 };
  const octal = sticky(OCTAL, text, after);
  if (octal) return { value: codePointText(parseInt(octal[0], 8)), end: after + octal[0].length };
  const braced = sticky(HEX_BRACED, text, after);
  if (braced) return { value: codePointText(parseInt(braced[1] as string, 16)), end: after + braced[0].length };
  const pair = sticky(HEX_PAIR, text, after);
  if (pair) return { value: codePointText(parseInt(pair[1] as string, 16)), end: after + pair[0].length };
  if (char === '^') {
    const control = text[after + 1];
    if (control === undefined) return null;
    return { value: String.fromCharCode(control.charCodeAt(0) % 32), end: after + 2 };
  }
  return { value: char, end: after + 1 };
}
