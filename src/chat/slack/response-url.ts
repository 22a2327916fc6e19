import type { SlackMessage } from './slack-blocks';

export class ResponseUrlError extends Error {
  readonly code = 'slack-response-url-failed';

  constructor(readonly status: number | null, detail: string) {
    super(`posting to the response_url failed: ${detail}`);
    this.name = 'ResponseUrlError';
  }
}

/**
 * Posts to an interaction's response_url: a private (ephemeral) message, or the replacement of the
 * message that had the button. Bolt's `respond` has no deadline; this one does, so an unreachable
 * Slack cannot hold a handler forever.
 */
async function postToResponseUrl(url: string, body: Record<string, unknown>, timeoutMs: number): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    throw new ResponseUrlError(null, e instanceof Error ? e.message : String(e));
  }
  // The body is tiny ("ok" or an error word); reading it frees the connection.
  const answer = await response.text();
  if (!response.ok) throw new ResponseUrlError(response.status, `${response.status} ${answer.slice(0, 100)}`);
}

export function postEphemeralToResponseUrl(url: string, message: SlackMessage, timeoutMs: number): Promise<void> {
  return postToResponseUrl(url, { response_type: 'ephemeral', replace_original: false, text: message.text, blocks: message.blocks }, timeoutMs);
}

/** Replaces the message the interaction came from: the only way to rewrite an ephemeral message. */
export function replaceOriginalThroughResponseUrl(url: string, message: SlackMessage, timeoutMs: number): Promise<void> {
  return postToResponseUrl(url, { replace_original: true, text: message.text, blocks: message.blocks }, timeoutMs);
}
