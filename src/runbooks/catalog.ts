import { cutoverRollbackRunbook, cutoverRunbook } from './cutover-runbook';
import { evictRunbook } from './evict-runbook';
import { mgmtRestartRunbook } from './mgmt-restart-runbook';
import { rejoinRunbook } from './rejoin-runbook';
import { restartRunbook } from './restart-runbook';
import type { RunbookCatalog } from './runbook-engine';

export const nodeRunbooks: RunbookCatalog = new Map([
  ['restart', restartRunbook],
  ['evict', evictRunbook],
  ['rejoin', rejoinRunbook],
  ['cutover', cutoverRunbook],
  ['cutover-rollback', cutoverRollbackRunbook],
  ['mgmt-restart', mgmtRestartRunbook],
]);
