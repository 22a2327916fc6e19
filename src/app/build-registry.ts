import { chartCommand } from '../../commands/chart';
import { clusterCommand, clusterMatrixAction } from '../../commands/cluster';
import { cutoverCommand, cutoverRollbackCommand } from '../../commands/cutover';
import { cutoverCheckCommand } from '../../commands/cutover-check';
import { diagnoseCommand } from '../../commands/diagnose';
import { helpCommand } from '../../commands/help';
import { incidentCommand } from '../../commands/incident';
import { logsCommand, logsShowAction } from '../../commands/logs';
import { managementCommand } from '../../commands/management';
import { mgmtCommand } from '../../commands/mgmt';
import {
  abortCommand,
  approveCommand,
  confirmCommand,
  evictCommand,
  rejoinCommand,
  restartCommand,
  runbookAbortAction,
  runbookApproveAction,
  runbookCommand,
  runbookConfirmAction,
  runbookEvictOpenAction,
} from '../../commands/runbooks';
import { probeCommand } from '../../commands/probe';
import { statusCommand, statusRefreshAction } from '../../commands/status';
import { vitalsCommand } from '../../commands/vitals';
import { watchCommand } from '../../commands/watch';
import { noteCommand } from '../../commands/note';
import { postmortemCommand } from '../../commands/postmortem';
import { timelineCommand } from '../../commands/timeline';
import { createRegistry, type CommandRegistry } from '../commands/registry';
import type { AnyCommandDefinition } from '../commands/types';

/**
 * The composition root of the command list: every `/rmq` subcommand the bot knows, in the order
 * `/rmq help` lists them. It lives here, not in src/commands, because the commands import
 * src/commands for their types: src/app → commands/ → src/commands, one way.
 */
export function buildRegistry(): CommandRegistry {
  const commands: AnyCommandDefinition[] = [
    statusCommand,
    clusterCommand,
    diagnoseCommand,
    logsCommand,
    vitalsCommand,
    managementCommand,
    chartCommand,
    probeCommand,
    cutoverCheckCommand,
    watchCommand,
    incidentCommand,
    noteCommand,
    timelineCommand,
    postmortemCommand,
    restartCommand,
    evictCommand,
    rejoinCommand,
    confirmCommand,
    approveCommand,
    abortCommand,
    runbookCommand,
    cutoverCommand,
    cutoverRollbackCommand,
    mgmtCommand,
  ];
  commands.push(helpCommand(() => commands));
  return createRegistry(commands, [statusRefreshAction, clusterMatrixAction, logsShowAction, runbookConfirmAction, runbookApproveAction, runbookAbortAction, runbookEvictOpenAction]);
}
