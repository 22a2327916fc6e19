import { findSignatureHits } from '../signatures/signature-hits';
import { nulRunMarker } from '../signatures/nul-run-finding';
import { redactSecrets } from './redact-secrets';

const NUL_RUN = /(?:\u0000|\^@){2,}|\u0000/g;
const ANSI_ESCAPE = /\u001b\[[0-9;?]*[A-Za-z]/g;
// Other control characters would garble the chat message; NUL is handled above, tab and newline kept.
const CONTROL = /[\u0001-\u0008\u000b-\u001f\u007f]/g;

const nulBytes = (run: string): number => run.replace(/\^@/g, '\u0000').length;

/** A line made only of a NUL run (and whitespace), whose bytes count towards one shared marker. */
const nulOnlyBytes = (line: string): number | null => {
  const stripped = line.replace(NUL_RUN, '');
  return stripped.trim() === '' && stripped !== line ? nulBytes(line.replace(/\s/g, '')) : null;
};

/**
 * A log excerpt made safe and useful for a chat message: NUL runs (raw or pasted as `^@`) become one
 * readable marker, secrets are redacted, terminal escapes dropped, and the first line of every
 * record that matched a signature is marked with its ids.
 */
export const cleanLogForChat = (text: string): string => {
  const marks = new Map(findSignatureHits(text).map((hit) => [hit.firstLine, hit.signatures]));
  const out: string[] = [];
  let pendingNulBytes = 0;
  text.split('\n').forEach((rawLine, index) => {
    const onlyNul = nulOnlyBytes(rawLine);
    if (onlyNul !== null) {
      pendingNulBytes += onlyNul;
      return;
    }
    if (pendingNulBytes > 0) out.push(nulRunMarker(pendingNulBytes));
    pendingNulBytes = 0;
    const line = redactSecrets(
      rawLine
        .replace(/\r$/, '')
        .replace(ANSI_ESCAPE, '')
        .replace(NUL_RUN, (run) => nulRunMarker(nulBytes(run)))
        .replace(CONTROL, '\ufffd'),
    );
    const ids = marks.get(index + 1);
    out.push(ids === undefined ? line : `${line}   ⟵ ${ids.map((id) => `[${id}]`).join(' ')}`);
  });
  if (pendingNulBytes > 0) out.push(nulRunMarker(pendingNulBytes));
  return out.join('\n');
};
