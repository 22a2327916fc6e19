import { slackTokensFromEnv } from '../../src/chat/slack/slack-tokens';

const bot = 'xoxb-1234567890-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx';
const app = 'xapp-1-A0123456789-1234567890123-abcdef0123456789';
const secret = '8f742231b10e8888abcd99aaabbb85a5';

describe('slackTokensFromEnv', () => {
  it('is none when no Slack variable is set (the CLI falls back to the console)', () => {
    expect(slackTokensFromEnv({})).toEqual({ kind: 'none' });
  });

  it('picks Socket Mode when SLACK_APP_TOKEN is set, and the HTTP receiver otherwise', () => {
    expect(slackTokensFromEnv({ SLACK_BOT_TOKEN: bot, SLACK_APP_TOKEN: app })).toEqual({ kind: 'ok', botToken: bot, transport: { kind: 'socket-mode', appToken: app }, apiUrl: 'https://slack.com/api/' });
    expect(slackTokensFromEnv({ SLACK_BOT_TOKEN: bot, SLACK_SIGNING_SECRET: secret })).toMatchObject({ kind: 'ok', transport: { kind: 'http', signingSecret: secret } });
  });

  it('takes SLACK_API_URL and adds the trailing slash the client needs', () => {
    expect(slackTokensFromEnv({ SLACK_BOT_TOKEN: bot, SLACK_APP_TOKEN: app, SLACK_API_URL: 'http://127.0.0.1:9999/api' })).toMatchObject({ apiUrl: 'http://127.0.0.1:9999/api/' });
  });

  it.each([
    [{ SLACK_APP_TOKEN: app }, /SLACK_BOT_TOKEN is not set/],
    [{ SLACK_BOT_TOKEN: 'xoxp-1234-5678-abcdefghij' , SLACK_APP_TOKEN: app }, /starts with "xoxp-" \(that is a user token\)/],
    [{ SLACK_BOT_TOKEN: app, SLACK_APP_TOKEN: bot }, /SLACK_BOT_TOKEN must be the Bot User OAuth Token starting with "xoxb-"; it starts with "xapp-"/],
    [{ SLACK_BOT_TOKEN: `"${bot}"`, SLACK_APP_TOKEN: app }, /whitespace or quotes/],
    [{ SLACK_BOT_TOKEN: bot }, /set SLACK_APP_TOKEN .* or SLACK_SIGNING_SECRET/],
    [{ SLACK_BOT_TOKEN: bot, SLACK_SIGNING_SECRET: 'short' }, /does not look like a signing secret/],
    [{ SLACK_BOT_TOKEN: bot, SLACK_APP_TOKEN: app, SLACK_API_URL: 'ftp://x' }, /must be http/],
  ])('reports a clear problem for %j', (env, problem) => {
    const result = slackTokensFromEnv(env);
    expect(result.kind).toBe('invalid');
    if (result.kind === 'invalid') expect(result.problems.join('\n')).toMatch(problem);
  });
});
