import type { SqlScope } from './sql-scope';
import type { SqlExecutor } from './sql-client';
import type { StoredSample } from './sample-store';

export async function saveSamples(scope: SqlScope, cluster: string, samples: readonly StoredSample[], dropBefore: Date): Promise<void> {
  await scope.atomically(async (exec) => {
    for (const s of samples) {
      await exec.run('INSERT INTO samples (cluster, series, at, value) VALUES (?, ?, ?, ?) ON CONFLICT (cluster, series, at) DO NOTHING', [cluster, s.series, s.at.getTime(), s.value]);
    }
    await exec.run('DELETE FROM samples WHERE cluster = ? AND at < ?', [cluster, dropBefore.getTime()]);
  });
}

export async function listSamples(exec: SqlExecutor, cluster: string, since: Date): Promise<StoredSample[]> {
  const rows = await exec.query<{ series: string; at: number; value: number }>('SELECT series, at, value FROM samples WHERE cluster = ? AND at >= ? ORDER BY at, series', [cluster, since.getTime()]);
  return rows.map((row) => ({ cluster, series: row.series, at: new Date(row.at), value: Number(row.value) }));
}
