// CSI (colours, bold) and OSC (terminal titles) sequences; the 3.8+ CLI prints bold headings even
// when stdout is not a terminal.
const ANSI_ESCAPE = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]?/g;
const CONTROL_CHARS = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;
const EMBEDDED_STDOUT = /"stdout"\s*:\s*"/;
// Documentation prefixes each output line with "# => ".
const DOC_OUTPUT_PREFIX = /^[ \t]*# =>(?: |$)/gm;
const COMMENT_PREFIX = /^[ \t]*#(?: |$)/;
const JSON_STRING_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' };

/** Decodes a JSON string body up to its closing quote or the end of the input, never throwing. */
function decodeJsonStringBody(text: string): string {
  let decoded = '';
  for (let at = 0; at < text.length; at += 1) {
    const char = text[at] as string;
    if (char === '"') break;
    if (char !== '\\') {
      decoded += char;
      continue;
    }
    const escape = text[at + 1];
    if (escape === undefined) break;
    if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) {
      decoded += String.fromCharCode(parseInt(text.slice(at + 2, at + 6), 16));
      at += 5;
      continue;
    }
    decoded += JSON_STRING_ESCAPES[escape] ?? escape;
    at += 1;
  }
  return decoded;
}

/**
 * Output captured by automation (Ansible task results) arrives as a JSON `"stdout": "…\n…"` string;
 * the command's own output is the decoded string.
 */
function unwrapEmbeddedStdout(text: string): string {
  const match = EMBEDDED_STDOUT.exec(text);
  if (!match) return text;
  return decodeJsonStringBody(text.slice(match.index + match[0].length));
}

/** Source comments quote output with "# " on every line; strip it only when every line has it. */
function stripCommentQuoting(text: string): string {
  const lines = text.split('\n');
  const nonEmpty = lines.filter((line) => line.trim() !== '');
  if (nonEmpty.length === 0 || !nonEmpty.every((line) => COMMENT_PREFIX.test(line))) return text;
  return lines.map((line) => line.replace(COMMENT_PREFIX, '')).join('\n');
}

/**
 * Undoes what terminals, chat clients and documentation do to rabbitmqctl output before it reaches
 * a parser: CRLF, ANSI escapes, stray control bytes, JSON-escaped captures, quoting prefixes.
 */
export function cleanPaste(raw: string): string {
  const unwrapped = unwrapEmbeddedStdout(raw.replace(/\r\n?/g, '\n')).replace(/\r\n?/g, '\n');
  const plain = unwrapped.replace(ANSI_ESCAPE, '').replace(CONTROL_CHARS, '');
  return stripCommentQuoting(plain.replace(DOC_OUTPUT_PREFIX, ''));
}
