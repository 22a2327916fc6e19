import type { NodeConfig } from '../config/schema';
import type { SshFailure } from '../inspect/cluster-inspector';
import { err, ok, type Result } from '../result';
import { describeSecretProblem, loadSecret, processSecretSources, type SecretSources } from '../secrets/load-secret';
import type { NodeReader } from '../transport/types';
import { httpGetOverChannel, type HttpAnswer } from './http-over-channel';
import { managementPortOf, type ManagementConfig } from './management-config';

/** No channel opened: `refused` when the node answered that nothing listens on the port, `timedOut` when the forward was not accepted in time. */
export type NoChannel = { readonly kind: 'no-channel'; readonly refused: boolean; readonly timedOut: boolean; readonly detail: string; readonly ssh: SshFailure | null };

export interface ManagementClient {
  readonly port: number;
  /**
   * One GET on its own channel; answers end at the signal, and with `answerWithinMs` also that long
   * after the SSH connection is up, for the forward and again for the answer (the SSH connect it may
   * wait for is not the API's slowness).
   */
  get(path: string, signal: AbortSignal, answerWithinMs?: number): Promise<HttpAnswer | NoChannel>;
}

/** JSON answers the bot asks for are small; a bound keeps a hostile or broken node from filling memory. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Why there cannot be a client for one node's API: its password is not readable. */
export type ClientProblem = { readonly kind: 'password-unavailable'; readonly detail: string };

export function createManagementClient(reader: NodeReader, node: NodeConfig, config: ManagementConfig, secrets: SecretSources = processSecretSources): Result<ManagementClient, ClientProblem> {
  const password = loadSecret(config.password, secrets);
  if (!password.ok) return err({ kind: 'password-unavailable', detail: `management password unavailable: ${describeSecretProblem(password.error)}` });
  const port = managementPortOf(config, node.name);
  // Files written with `echo` end with a newline that is not part of the password.
  const authorization = `Basic ${Buffer.from(`${config.user}:${password.value.replace(/\r?\n$/, '')}`).toString('base64')}`;
  return ok({
    port,
    async get(path, signal, answerWithinMs) {
      // Once connected, the forward's own wait is the API's slowness: it counts against the answer window.
      const channel = await reader.openLoopbackChannel(port, { signal, ...(answerWithinMs === undefined ? {} : { openWithinMs: answerWithinMs }) });
      if (!channel.ok) {
        const { error } = channel;
        const nodeSide = error.kind === 'channel-refused' || error.kind === 'channel-timeout';
        return { kind: 'no-channel', refused: error.kind === 'channel-refused', timedOut: error.kind === 'channel-timeout', detail: error.detail, ssh: nodeSide ? null : error };
      }
      const bounded = answerWithinMs === undefined ? signal : AbortSignal.any([signal, AbortSignal.timeout(answerWithinMs)]);
      return httpGetOverChannel(channel.value, { path, authorization, maxBytes: MAX_BODY_BYTES, signal: bounded });
    },
  });
}
