import type { CommandRegistry } from '../../commands/registry';
import type { AccessPolicy } from './access-policy';
import type { DeliveryDeps } from './deliver-reply';

/** What the Slack listeners share; built once by createSlackBot. */
export interface HandlerDeps extends DeliveryDeps {
  readonly registry: CommandRegistry;
  readonly access: AccessPolicy;
  readonly buttonLifetimeMs: number;
}
