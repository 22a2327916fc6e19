import { parseEpmdNames } from '../../src/lab/epmd-names';

describe('parseEpmdNames', () => {
  it('reads the names after the 4-byte epmd port', () => {
    const body = 'name rabbit1 at port 25672\nname t48213n2 at port 30033\n';
    expect(parseEpmdNames(Buffer.concat([Buffer.from([0, 0, 0x11, 0x11]), Buffer.from(body)]))).toEqual(['rabbit1', 't48213n2']);
  });

  it('returns no names for an empty answer (no epmd running)', () => {
    expect(parseEpmdNames(Buffer.alloc(0))).toEqual([]);
  });
});
