import { currentLeaseToken } from './leases-sql';
import type { SqlExecutor } from './sql-client';
import type { SqlScope } from './sql-scope';
import type { LeaseFence } from './step-journal';
import type { SaveWatchSnapshotResult, WatchSnapshotRecord, WatchSwitch } from './watch-state';

/** One row: watch mode is on or off for every replica at once. */
const SWITCH_ROW = 'watch';

export async function getWatchSwitch(exec: SqlExecutor): Promise<WatchSwitch | null> {
  const [row] = await exec.query<{ enabled: number; changed_by: string; changed_at: number }>('SELECT enabled, changed_by, changed_at FROM watch_switch WHERE name = ?', [SWITCH_ROW]);
  return row ? { on: row.enabled === 1, by: row.changed_by, at: new Date(row.changed_at) } : null;
}

export async function setWatchSwitch(exec: SqlExecutor, value: WatchSwitch): Promise<void> {
  await exec.run(
    `INSERT INTO watch_switch (name, enabled, changed_by, changed_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET enabled = excluded.enabled, changed_by = excluded.changed_by, changed_at = excluded.changed_at`,
    [SWITCH_ROW, value.on ? 1 : 0, value.by, value.at.getTime()],
  );
}

/** The fence check and the insert share one transaction, so a replaced leader cannot slip a snapshot in between. */
export async function saveWatchSnapshot(scope: SqlScope, record: WatchSnapshotRecord, fence: LeaseFence, keep: number): Promise<SaveWatchSnapshotResult> {
  return scope.atomically(async (exec) => {
    const currentToken = await currentLeaseToken(exec, fence.lease);
    if (currentToken !== fence.token) return { saved: false, reason: 'stale-fence', currentToken };
    const inserted = await exec.run(
      'INSERT INTO watch_snapshots (cluster, seq, taken_at, body, fence_token) VALUES (?, ?, ?, ?, ?) ON CONFLICT (cluster, seq) DO NOTHING',
      [record.cluster, record.seq, record.takenAt.getTime(), record.body, fence.token],
    );
    if (inserted === 0) return { saved: false, reason: 'already-saved' };
    await exec.run('DELETE FROM watch_snapshots WHERE cluster = ? AND seq <= ?', [record.cluster, record.seq - keep]);
    return { saved: true };
  });
}

export async function listWatchSnapshots(exec: SqlExecutor, cluster: string, limit: number): Promise<WatchSnapshotRecord[]> {
  const rows = await exec.query<{ cluster: string; seq: number; taken_at: number; body: string }>(
    'SELECT cluster, seq, taken_at, body FROM watch_snapshots WHERE cluster = ? ORDER BY seq DESC LIMIT ?',
    [cluster, limit],
  );
  return rows.map((row) => ({ cluster: row.cluster, seq: row.seq, takenAt: new Date(row.taken_at), body: row.body }));
}
