import { chartCommand } from '../../commands/chart';
import { clusterCommand, clusterMatrixAction } from '../../commands/cluster';
import { diagnoseCommand } from '../../commands/diagnose';
import { helpCommand } from '../../commands/help';
import { logsCommand, logsShowAction } from '../../commands/logs';
import { managementCommand } from '../../commands/management';
import { statusCommand, statusRefreshAction } from '../../commands/status';
import { vitalsCommand } from '../../commands/vitals';
import { createRegistry, type CommandRegistry } from './registry';
import type { AnyCommandDefinition } from './types';

/** Every `/rmq` subcommand the bot knows, in the order `/rmq help` lists them. */
export function buildRegistry(): CommandRegistry {
  const commands: AnyCommandDefinition[] = [statusCommand, clusterCommand, diagnoseCommand, logsCommand, vitalsCommand, managementCommand, chartCommand];
  commands.push(helpCommand(() => commands));
  return createRegistry(commands, [statusRefreshAction, clusterMatrixAction, logsShowAction]);
}
