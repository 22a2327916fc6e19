import { boundedLines, type InputLine } from '../../src/chat/console/bounded-lines';

async function collect(chunks: readonly string[], max: number): Promise<InputLine[]> {
  const lines: InputLine[] = [];
  for await (const line of boundedLines((async function* () {
    for (const c of chunks) yield Buffer.from(c);
  })(), max)) lines.push(line);
  return lines;
}

describe('boundedLines', () => {
  it('splits across chunk borders, strips CR, keeps a last line without newline', async () => {
    expect(await collect(['ab', 'c\r\nd', 'e\n\nf'], 10)).toEqual([
      { kind: 'line', text: 'abc' },
      { kind: 'line', text: 'de' },
      { kind: 'line', text: '' },
      { kind: 'line', text: 'f' },
    ]);
  });

  it('reports an over-long line once with its length, spread over many chunks, then reads on', async () => {
    expect(await collect(['12345', '67890', '12\nok\n'], 8)).toEqual([
      { kind: 'too-long', bytes: 12 },
      { kind: 'line', text: 'ok' },
    ]);
  });

  it('does not split a multi-byte character kept whole within the cap', async () => {
    const text = 'é€';
    const bytes = Buffer.from(`${text}\n`);
    const lines: InputLine[] = [];
    for await (const line of boundedLines((async function* () {
      for (const b of bytes) yield Buffer.from([b]);
    })(), 16)) lines.push(line);
    expect(lines).toEqual([{ kind: 'line', text }]);
  });
});
