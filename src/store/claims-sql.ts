import type { SqlExecutor } from './sql-client';
import type { ActionClaim, ClaimStatus } from './store';

interface ClaimRow {
  claimed_by: string;
  holder: string;
  claimed_at: number;
  lease_until: number;
  finished_at: number | null;
  summary: string | null;
}

export interface ClaimLease {
  /** This bot process. */
  readonly holder: string;
  readonly leaseMs: number;
}

async function readClaim(exec: SqlExecutor, key: string): Promise<ClaimRow | undefined> {
  const [row] = await exec.query<ClaimRow>('SELECT claimed_by, holder, claimed_at, lease_until, finished_at, summary FROM action_claims WHERE claim_key = ?', [key]);
  return row;
}

function statusOf(row: ClaimRow, now: Date): ClaimStatus {
  const holder = { by: row.claimed_by, holder: row.holder, since: new Date(row.claimed_at) };
  if (row.finished_at !== null) return { outcome: 'done', by: row.claimed_by, at: new Date(row.finished_at), summary: row.summary ?? '' };
  if (row.lease_until < now.getTime()) return { outcome: 'holder-died', ...holder, leaseLapsedAt: new Date(row.lease_until) };
  return { outcome: 'running', ...holder };
}

export async function getClaim(exec: SqlExecutor, key: string, now: Date): Promise<ClaimStatus | null> {
  const row = await readClaim(exec, key);
  return row ? statusOf(row, now) : null;
}

/**
 * One statement decides each race: the insert (first press), or the compare-and-set on the dead
 * holder's row (takeover), so exactly one of any number of concurrent presses wins.
 */
export async function claimAction(exec: SqlExecutor, lease: ClaimLease, key: string, by: string, now: Date, expiresAt: Date): Promise<ActionClaim> {
  const valid = expiresAt.getTime() > now.getTime();
  const leaseUntil = now.getTime() + lease.leaseMs;
  if (valid) {
    const inserted = await exec.run(
      'INSERT INTO action_claims (claim_key, claimed_by, holder, claimed_at, lease_until, expires_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (claim_key) DO NOTHING',
      [key, by, lease.holder, now.getTime(), leaseUntil, expiresAt.getTime()],
    );
    if (inserted === 1) return { outcome: 'claimed' };
  }
  const row = await readClaim(exec, key);
  if (!row) return { outcome: 'expired', expiredAt: expiresAt };
  const status = statusOf(row, now);
  if (status.outcome !== 'holder-died' || !valid) return status;
  const taken = await exec.run(
    'UPDATE action_claims SET claimed_by = ?, holder = ?, claimed_at = ?, lease_until = ? WHERE claim_key = ? AND holder = ? AND claimed_at = ? AND finished_at IS NULL AND lease_until < ?',
    [by, lease.holder, now.getTime(), leaseUntil, key, row.holder, row.claimed_at, now.getTime()],
  );
  if (taken === 1) return { outcome: 'claimed', takenOver: { by: status.by, holder: status.holder, since: status.since } };
  const winner = await readClaim(exec, key);
  return winner ? statusOf(winner, now) : { outcome: 'expired', expiredAt: expiresAt };
}

/**
 * Records a one-shot key (a signed request's signature) as already spent, so no press, replica or
 * takeover can ever claim it. True the first time only.
 */
export async function markSeen(exec: SqlExecutor, lease: ClaimLease, key: string, now: Date, expiresAt: Date): Promise<boolean> {
  const inserted = await exec.run(
    'INSERT INTO action_claims (claim_key, claimed_by, holder, claimed_at, lease_until, expires_at, finished_at, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (claim_key) DO NOTHING',
    [key, lease.holder, lease.holder, now.getTime(), now.getTime(), expiresAt.getTime(), now.getTime(), 'seen'],
  );
  return inserted === 1;
}

/** The holder's heartbeat: keeps every claim it is still running from being taken over. */
export async function renewHeldClaims(exec: SqlExecutor, lease: ClaimLease, now: Date): Promise<number> {
  return exec.run('UPDATE action_claims SET lease_until = ? WHERE holder = ? AND finished_at IS NULL AND expires_at > ?', [
    now.getTime() + lease.leaseMs,
    lease.holder,
    now.getTime(),
  ]);
}

export async function finishAction(exec: SqlExecutor, key: string, now: Date, summary: string): Promise<void> {
  await exec.run('UPDATE action_claims SET finished_at = ?, summary = ? WHERE claim_key = ?', [now.getTime(), summary, key]);
}

export async function releaseAction(exec: SqlExecutor, key: string): Promise<void> {
  await exec.run('DELETE FROM action_claims WHERE claim_key = ?', [key]);
}

/** A claim is kept until its button expired `retention` ago: purging a valid one would let it run twice. */
export async function purgeClaims(exec: SqlExecutor, expiredBefore: Date, now: Date): Promise<number> {
  return exec.run('DELETE FROM action_claims WHERE expires_at < ? AND (finished_at IS NOT NULL OR lease_until < ?)', [expiredBefore.getTime(), now.getTime()]);
}
