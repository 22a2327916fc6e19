import { currentLeaseToken } from './leases-sql';
import type { LogWatchRecord, SaveLogWatchResult } from './log-watch-state';
import type { SqlExecutor } from './sql-client';
import type { SqlScope } from './sql-scope';
import type { LeaseFence } from './step-journal';

export async function getLogWatch(exec: SqlExecutor, cluster: string, node: string): Promise<LogWatchRecord | null> {
  const [row] = await exec.query<{ inode: string; size: number; read_offset: number; seen: string; updated_at: number }>(
    'SELECT inode, size, read_offset, seen, updated_at FROM watch_log_cursors WHERE cluster = ? AND node = ?',
    [cluster, node],
  );
  return row ? { cluster, node, inode: row.inode, size: row.size, offset: row.read_offset, seen: row.seen, updatedAt: new Date(row.updated_at) } : null;
}

/** The fence check and the write share one transaction, like a watch snapshot's. */
export async function saveLogWatch(scope: SqlScope, record: LogWatchRecord, fence: LeaseFence): Promise<SaveLogWatchResult> {
  return scope.atomically(async (exec) => {
    const currentToken = await currentLeaseToken(exec, fence.lease);
    if (currentToken !== fence.token) return { saved: false, reason: 'stale-fence', currentToken };
    await exec.run(
      `INSERT INTO watch_log_cursors (cluster, node, inode, size, read_offset, seen, fence_token, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (cluster, node) DO UPDATE SET inode = excluded.inode, size = excluded.size, read_offset = excluded.read_offset,
         seen = excluded.seen, fence_token = excluded.fence_token, updated_at = excluded.updated_at`,
      [record.cluster, record.node, record.inode, record.size, record.offset, record.seen, fence.token, record.updatedAt.getTime()],
    );
    return { saved: true };
  });
}
