import type { SlackMessage } from './slack-blocks';

export class ResponseUrlError extends Error {
  readonly code = 'slack-response-url-failed';

  constructor(readonly status: number | null, detail: string) {
    super(`posting to the response_url failed: ${detail}`);
    this.name = 'ResponseUrlError';
  }
}

/**
 * Posts a private (ephemeral) message through an interaction's response_url. Bolt's `respond` has
 * no deadline; this one does, so an unreachable Slack cannot hold a handler forever.
 */
export async function postEphemeralToResponseUrl(url: string, message: SlackMessage, timeoutMs: number): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text: message.text, blocks: message.blocks }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    throw new ResponseUrlError(null, e instanceof Error ? e.message : String(e));
  }
  // The body is tiny ("ok" or an error word); reading it frees the connection.
  const answer = await response.text();
  if (!response.ok) throw new ResponseUrlError(response.status, `${response.status} ${answer.slice(0, 100)}`);
}
