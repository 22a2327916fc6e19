import { parseCommandLine, splitWords } from '../../src/commands/command-line';

describe('parseCommandLine', () => {
  it('accepts the text Slack sends (no /rmq) and the console form (with /rmq)', () => {
    for (const text of ['status prod', '/rmq status prod', '  /rmq   STATUS   prod ']) {
      expect(parseCommandLine(text)).toEqual({ ok: true, value: { name: 'status', input: { positional: ['prod'], flags: {} } } });
    }
  });

  it('reads --flag value, --flag=value and bare --flag', () => {
    const parsed = parseCommandLine('logs rabbit@mq1 --lines 50 --grep="home node" --follow');
    expect(parsed).toEqual({ ok: true, value: { name: 'logs', input: { positional: ['rabbit@mq1'], flags: { lines: '50', grep: 'home node', follow: true } } } });
  });

  it('keeps quoted words together, including Slack curly quotes', () => {
    expect(splitWords('logs n --grep \u201chome node\u201d')).toEqual({ ok: true, value: ['logs', 'n', '--grep', 'home node'] });
  });

  it('keeps shell metacharacters as plain data', () => {
    expect(splitWords('status $(id);rm `x` | y')).toEqual({ ok: true, value: ['status', '$(id);rm', '`x`', '|', 'y'] });
  });

  it('reports an empty line and an unclosed quote', () => {
    expect(parseCommandLine('/rmq')).toEqual({ ok: false, error: { kind: 'empty' } });
    expect(parseCommandLine('logs --grep "oops')).toEqual({ ok: false, error: { kind: 'unbalanced-quote' } });
  });
});
