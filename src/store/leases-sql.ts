import type { SqlExecutor } from './sql-client';
import type { LeaseAcquisition } from './store';

interface LeaseRow {
  holder: string | null;
  token: number;
  expires_at: number;
}

async function readLease(exec: SqlExecutor, name: string): Promise<LeaseRow | undefined> {
  const [row] = await exec.query<LeaseRow>('SELECT holder, token, expires_at FROM leases WHERE name = ?', [name]);
  return row;
}

/**
 * One upsert hands a free or lapsed lease to exactly one caller and bumps its token in the same row,
 * so tokens only grow, across releases and holders.
 */
export async function acquireLease(exec: SqlExecutor, name: string, holder: string, ttlMs: number, now: Date): Promise<LeaseAcquisition> {
  const expiresAt = now.getTime() + ttlMs;
  const [taken] = await exec.query<{ token: number }>(
    `INSERT INTO leases (name, holder, token, acquired_at, expires_at) VALUES (?, ?, 1, ?, ?)
     ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, token = leases.token + 1, acquired_at = excluded.acquired_at, expires_at = excluded.expires_at
     WHERE leases.expires_at <= ?
     RETURNING token`,
    [name, holder, now.getTime(), expiresAt, now.getTime()],
  );
  if (taken) return { acquired: true, token: taken.token, expiresAt: new Date(expiresAt) };
  const current = await readLease(exec, name);
  if (current && current.holder === holder && (await renewLease(exec, name, holder, current.token, ttlMs, now))) {
    return { acquired: true, token: current.token, expiresAt: new Date(expiresAt) };
  }
  const latest = current ?? (await readLease(exec, name));
  return { acquired: false, holder: latest?.holder ?? '', token: latest?.token ?? 0, expiresAt: new Date(latest?.expires_at ?? 0) };
}

export async function renewLease(exec: SqlExecutor, name: string, holder: string, token: number, ttlMs: number, now: Date): Promise<boolean> {
  const renewed = await exec.run('UPDATE leases SET expires_at = ? WHERE name = ? AND holder = ? AND token = ? AND expires_at > ?', [
    now.getTime() + ttlMs,
    name,
    holder,
    token,
    now.getTime(),
  ]);
  return renewed === 1;
}

export async function releaseLease(exec: SqlExecutor, name: string, holder: string, token: number): Promise<boolean> {
  const released = await exec.run('UPDATE leases SET holder = NULL, expires_at = 0 WHERE name = ? AND holder = ? AND token = ?', [name, holder, token]);
  return released === 1;
}

/** The lease's current token: a write fenced with an older one comes from a holder that was replaced. */
export async function currentLeaseToken(exec: SqlExecutor, name: string): Promise<number> {
  return (await readLease(exec, name))?.token ?? 0;
}
