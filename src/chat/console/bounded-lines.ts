/** One line of input, or the news that a line was longer than the cap (its bytes were dropped unread). */
export type InputLine = { readonly kind: 'line'; readonly text: string } | { readonly kind: 'too-long'; readonly bytes: number };

/**
 * Splits a byte stream into lines without ever holding more than `maxBytes` of one line: a 50 MB
 * line costs one chunk of memory, not 50 MB (readline keeps the whole line). An over-long line is
 * reported once, with its length, and reading resumes at the next newline.
 */
export async function* boundedLines(input: AsyncIterable<Buffer | string>, maxBytes: number): AsyncGenerator<InputLine> {
  let parts: Buffer[] = [];
  let length = 0;
  let dropped = 0;
  const take = (piece: Buffer): void => {
    if (dropped > 0 || length + piece.length > maxBytes) {
      dropped += length + piece.length;
      parts = [];
      length = 0;
      return;
    }
    parts.push(piece);
    length += piece.length;
  };
  const end = (): InputLine => {
    const line: InputLine = dropped > 0 ? { kind: 'too-long', bytes: dropped } : { kind: 'line', text: Buffer.concat(parts, length).toString('utf8').replace(/\r$/, '') };
    parts = [];
    length = 0;
    dropped = 0;
    return line;
  };
  for await (const chunk of input) {
    let rest = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    for (let newline = rest.indexOf(10); newline >= 0; newline = rest.indexOf(10)) {
      take(rest.subarray(0, newline));
      yield end();
      rest = rest.subarray(newline + 1);
    }
    if (rest.length > 0) take(rest);
  }
  if (length > 0 || dropped > 0) yield end();
}
