import fc from 'fast-check';
import { parseLenientJson } from '../../src/rabbit/json/parse-lenient-json';

describe('parseLenientJson', () => {
  it('agrees with JSON.parse on valid documents', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        expect(parseLenientJson(text)).toEqual({ value: JSON.parse(text), truncated: false, malformed: false });
      }),
      { numRuns: 500 },
    );
  });

  it('reads bare placeholders as strings (3.7 fixtures carry `version_num`)', () => {
    expect(parseLenientJson('["rabbit",[82],version_num]').value).toEqual(['rabbit', [82], 'version_num']);
  });

  it('keeps what was read before a cut, without the cut value', () => {
    expect(parseLenientJson('{"uptime":54,"disk_free":8458')).toEqual({ value: { uptime: 54 }, truncated: true, malformed: false });
  });

  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => void parseLenientJson(text)), { numRuns: 2000 });
  });
});
