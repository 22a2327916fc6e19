/**
 * Reads the Slack credentials from the environment. The CLI decides what to do with the result:
 * `none` falls back to the console adapter, `invalid` is a start-up error listing every problem at
 * once (so a half-pasted .env is fixed in one go), `ok` carries a transport that is known to work.
 */
export type SlackTransportTokens =
  | { readonly kind: 'socket-mode'; readonly appToken: string }
  | { readonly kind: 'http'; readonly signingSecret: string };

export type SlackTokens =
  | { readonly kind: 'none' }
  | { readonly kind: 'invalid'; readonly problems: readonly string[] }
  | {
      readonly kind: 'ok';
      readonly botToken: string;
      readonly transport: SlackTransportTokens;
      /** Web API base URL with its trailing slash; Slack's own unless SLACK_API_URL overrides it. */
      readonly apiUrl: string;
    };

export const defaultSlackApiUrl = 'https://slack.com/api/';

const tokenBody = /^[A-Za-z0-9-]+$/;

function tokenProblem(name: string, value: string, prefix: string, what: string): string | null {
  if (/[\s"']/.test(value)) return `${name} contains whitespace or quotes: check how the value is quoted in your .env or secret store`;
  if (!value.startsWith(prefix)) {
    const seen = value.slice(0, 5);
    const hint = seen === 'xoxp-' ? ' (that is a user token)' : seen === 'xoxb-' || seen === 'xapp-' ? ` (that is a ${seen} token, set it in the other variable)` : '';
    return `${name} must be the ${what} starting with "${prefix}"; it starts with "${seen}"${hint}`;
  }
  if (!tokenBody.test(value.slice(prefix.length)) || value.length < prefix.length + 10) return `${name} does not look like a Slack token (${prefix} followed by letters, digits and dashes)`;
  return null;
}

function apiUrlFrom(raw: string | undefined): { url: string } | { problem: string } {
  if (raw === undefined || raw === '') return { url: defaultSlackApiUrl };
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return { problem: `SLACK_API_URL is not a URL: "${raw}"` };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return { problem: `SLACK_API_URL must be http(s), got ${parsed.protocol}` };
  // The Web API client joins method names onto the base, which needs the trailing slash.
  return { url: parsed.href.endsWith('/') ? parsed.href : `${parsed.href}/` };
}

export function slackTokensFromEnv(env: Readonly<Record<string, string | undefined>>): SlackTokens {
  const botToken = env.SLACK_BOT_TOKEN || undefined;
  const appToken = env.SLACK_APP_TOKEN || undefined;
  const signingSecret = env.SLACK_SIGNING_SECRET || undefined;
  if (botToken === undefined && appToken === undefined && signingSecret === undefined) return { kind: 'none' };

  const problems: string[] = [];
  let transport: SlackTransportTokens | null = null;
  if (botToken === undefined) problems.push('SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-…) from the app\'s "OAuth & Permissions" page');
  else {
    const p = tokenProblem('SLACK_BOT_TOKEN', botToken, 'xoxb-', 'Bot User OAuth Token');
    if (p) problems.push(p);
  }
  if (appToken !== undefined) {
    const p = tokenProblem('SLACK_APP_TOKEN', appToken, 'xapp-', 'app-level token with connections:write');
    if (p) problems.push(p);
    transport = { kind: 'socket-mode', appToken };
  } else if (signingSecret === undefined) {
    problems.push('set SLACK_APP_TOKEN (xapp-…) for Socket Mode, or SLACK_SIGNING_SECRET for the HTTP endpoint');
  } else if (!/^[A-Za-z0-9]{16,}$/.test(signingSecret)) {
    problems.push('SLACK_SIGNING_SECRET does not look like a signing secret (the hex string on the app\'s "Basic Information" page)');
  } else {
    transport = { kind: 'http', signingSecret };
  }
  const api = apiUrlFrom(env.SLACK_API_URL);
  if ('problem' in api) problems.push(api.problem);

  if (problems.length > 0 || botToken === undefined || transport === null || 'problem' in api) return { kind: 'invalid', problems };
  return { kind: 'ok', botToken, transport, apiUrl: api.url };
}

export function formatSlackTokenProblems(problems: readonly string[]): string {
  return `Slack settings are not usable (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`;
}
