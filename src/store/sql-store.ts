import { randomUUID } from 'node:crypto';
import os from 'node:os';
import * as claims from './claims-sql';
import * as events from './events-sql';
import * as leases from './leases-sql';
import * as logWatch from './log-watch-sql';
import type { LogWatchRecord } from './log-watch-state';
import { migrate } from './migrations';
import type { StoredSample } from './sample-store';
import * as samples from './samples-sql';
import type { SqlClient } from './sql-client';
import type { SqlScope } from './sql-scope';
import * as steps from './steps-sql';
import * as timeline from './timeline-sql';
import type { LeaseFence, PlannedStep, StepOutcome } from './step-journal';
import type { NewEvent, NewIncident, PendingPost, Store, TimelinePost, TimelineQuery } from './store';
import * as watch from './watch-sql';
import type { WatchSnapshotRecord, WatchSwitch } from './watch-state';

export interface StoreOptions {
  /** This bot process, as claims and leases name it. Unique per process by default. */
  readonly holder?: string;
  /** How long a claim survives its holder's last heartbeat; heartbeats come three times per lease. */
  readonly claimLeaseMs?: number;
  readonly clock?: () => Date;
  /** Told when a heartbeat or the start-up migration fails (the store keeps going). */
  readonly onError?: (what: string, error: unknown) => void;
}

export const defaultClaimLeaseMs = 15_000;

/** The envelope of an event the store itself records about a bot process. */
const botEvent = (holder: string, at: Date) => ({ at, actor: { kind: 'bot' as const, id: holder }, cluster: null, incident: null, channel: null });

export const processHolderId = (): string => `${os.hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;

/**
 * The Store over any SqlClient: one implementation of every guarantee, the backends differ only in
 * their client. Opening migrates the schema first; every method waits for that.
 */
export class SqlStore implements Store {
  private constructor(
    private readonly scope: () => Promise<SqlScope>,
    private readonly lease: claims.ClaimLease,
    private readonly clock: () => Date,
    private readonly shutdown: () => Promise<void>,
  ) {}

  static open(client: SqlClient, options: StoreOptions = {}): SqlStore {
    const clock = options.clock ?? (() => new Date());
    const lease = { holder: options.holder ?? processHolderId(), leaseMs: options.claimLeaseMs ?? defaultClaimLeaseMs };
    const scope: SqlScope = { exec: client, atomically: (fn) => client.transaction(fn) };
    let heartbeat: NodeJS.Timeout | undefined;
    let closed = false;
    const migrated = migrate(client, clock).then(() => {
      // A store that never opened holds no claims: the heartbeat starts with the first usable schema.
      if (!closed) {
        heartbeat = setInterval(() => {
          claims.renewHeldClaims(client, lease, clock()).catch((e: unknown) => options.onError?.('renewing held claims', e));
        }, Math.max(1, Math.floor(lease.leaseMs / 3)));
        heartbeat.unref();
      }
      return scope;
    });
    migrated.catch((e: unknown) => options.onError?.('migrating the store', e));
    return new SqlStore(() => migrated, lease, clock, async () => {
      closed = true;
      await migrated.catch(() => undefined);
      clearInterval(heartbeat);
      await client.close();
    });
  }

  /** Resolves once the schema is migrated; rejects with the reason the store cannot be used. */
  async opened(): Promise<void> {
    await this.scope();
  }

  /** The migrations applied to this database, in order. */
  async schemaVersions(): Promise<number[]> {
    const rows = await (await this.scope()).exec.query<{ version: number }>('SELECT version FROM schema_version ORDER BY version');
    return rows.map((r) => r.version);
  }

  async claimAction(key: string, by: string, now: Date, expiresAt: Date) {
    const scope = await this.scope();
    const claim = await claims.claimAction(scope.exec, this.lease, key, by, now, expiresAt);
    if (claim.outcome === 'claimed' && claim.takenOver) {
      const previous = claim.takenOver;
      await events.appendEvent(scope.exec, {
        ...botEvent(this.lease.holder, now),
        kind: 'claim-taken-over',
        details: { claimKey: key, previousBy: previous.by, previousHolder: previous.holder, since: previous.since.getTime() },
        summary: `${by} took over a press by ${previous.by} whose bot process (${previous.holder}) stopped answering`,
        idempotencyKey: `claim:${key}:taken-over:${now.getTime()}`,
      });
    }
    return claim;
  }

  async markSeen(key: string, now: Date, expiresAt: Date) {
    return claims.markSeen((await this.scope()).exec, this.lease, key, now, expiresAt);
  }

  async getClaim(key: string, now: Date) {
    return claims.getClaim((await this.scope()).exec, key, now);
  }

  async finishAction(key: string, now: Date, summary: string) {
    return claims.finishAction((await this.scope()).exec, key, now, summary);
  }

  async releaseAction(key: string) {
    return claims.releaseAction((await this.scope()).exec, key);
  }

  async appendEvent(event: NewEvent) {
    return events.appendEvent((await this.scope()).exec, event);
  }

  async listTimeline(query: TimelineQuery) {
    return events.listTimeline((await this.scope()).exec, query);
  }

  async acquireLease(name: string, holder: string, ttlMs: number, now: Date) {
    return (await this.scope()).atomically(async (exec) => {
      const acquisition = await leases.acquireLease(exec, name, holder, ttlMs, now);
      // Keyed by token: a holder asking again for its live lease records nothing new.
      if (acquisition.acquired) {
        await events.appendEvent(exec, {
          ...botEvent(holder, now),
          kind: 'lease-acquired',
          details: { lease: name, holder, token: acquisition.token },
          summary: `${holder} holds ${name} (token ${acquisition.token})`,
          idempotencyKey: `lease:${name}:${acquisition.token}:acquired`,
        });
      }
      return acquisition;
    });
  }

  async renewLease(name: string, holder: string, token: number, ttlMs: number, now: Date) {
    return leases.renewLease((await this.scope()).exec, name, holder, token, ttlMs, now);
  }

  async releaseLease(name: string, holder: string, token: number) {
    return (await this.scope()).atomically(async (exec) => {
      const released = await leases.releaseLease(exec, name, holder, token);
      if (released) {
        await events.appendEvent(exec, {
          ...botEvent(holder, this.clock()),
          kind: 'lease-released',
          details: { lease: name, holder, token },
          summary: `${holder} released ${name} (token ${token})`,
          idempotencyKey: `lease:${name}:${token}:released`,
        });
      }
      return released;
    });
  }

  async planStep(step: PlannedStep, now: Date) {
    return steps.planStep(await this.scope(), step, now);
  }

  async startStep(stepId: string, now: Date, fence?: LeaseFence) {
    return steps.startStep(await this.scope(), stepId, now, fence);
  }

  async finishStep(stepId: string, outcome: StepOutcome, now: Date) {
    return steps.finishStep(await this.scope(), stepId, outcome, now);
  }

  async getStep(stepId: string) {
    return steps.getStep((await this.scope()).exec, stepId);
  }

  async listUnfinishedSteps(cluster?: string) {
    return steps.listUnfinishedSteps((await this.scope()).exec, cluster);
  }

  async getWatchSwitch() {
    return watch.getWatchSwitch((await this.scope()).exec);
  }

  async setWatchSwitch(value: WatchSwitch) {
    return watch.setWatchSwitch((await this.scope()).exec, value);
  }

  async saveWatchSnapshot(record: WatchSnapshotRecord, fence: LeaseFence, keep: number) {
    return watch.saveWatchSnapshot(await this.scope(), record, fence, keep);
  }

  async listWatchSnapshots(cluster: string, limit: number) {
    return watch.listWatchSnapshots((await this.scope()).exec, cluster, limit);
  }

  async getLogWatch(cluster: string, node: string) {
    return logWatch.getLogWatch((await this.scope()).exec, cluster, node);
  }

  async saveLogWatch(record: LogWatchRecord, fence: LeaseFence) {
    return logWatch.saveLogWatch(await this.scope(), record, fence);
  }

  async listEventsAfter(afterId: number, limit: number) {
    return events.listEventsAfter((await this.scope()).exec, afterId, limit);
  }

  async openIncident(incident: NewIncident) {
    return timeline.openIncident((await this.scope()).exec, incident);
  }

  async closeIncident(id: string, at: Date) {
    return timeline.closeIncident((await this.scope()).exec, id, at);
  }

  async getIncident(id: string) {
    return timeline.getIncident((await this.scope()).exec, id);
  }

  async openIncidentIn(channel: string) {
    return timeline.openIncidentIn((await this.scope()).exec, channel);
  }

  async listIncidents(channel?: string) {
    return timeline.listIncidents((await this.scope()).exec, channel);
  }

  async setIncidentRoot(id: string, rootTs: string) {
    return timeline.setIncidentRoot((await this.scope()).exec, id, rootTs);
  }

  async getPost(postKey: string) {
    return timeline.getPost((await this.scope()).exec, postKey);
  }

  async latestPost(coalesceKey: string, since: Date) {
    return timeline.latestPost((await this.scope()).exec, coalesceKey, since);
  }

  async savePost(post: TimelinePost, fence: LeaseFence) {
    return timeline.savePost(await this.scope(), post, fence);
  }

  async markSending(post: PendingPost, fence: LeaseFence) {
    return timeline.markSending(await this.scope(), post, fence);
  }

  async listSending() {
    return timeline.listSending((await this.scope()).exec);
  }

  async dropSending(postKey: string, fence: LeaseFence) {
    return timeline.dropSending(await this.scope(), postKey, fence);
  }

  async outboxCursor(name: string) {
    return timeline.outboxCursor((await this.scope()).exec, name);
  }

  async advanceOutbox(name: string, lastEventId: number, fence: LeaseFence) {
    return timeline.advanceOutbox(await this.scope(), name, lastEventId, fence);
  }

  async saveSamples(cluster: string, rows: readonly StoredSample[], dropBefore: Date) {
    return samples.saveSamples(await this.scope(), cluster, rows, dropBefore);
  }

  async listSamples(cluster: string, since: Date) {
    return samples.listSamples((await this.scope()).exec, cluster, since);
  }

  async purge(now: Date, retainMs: number) {
    return { claims: await claims.purgeClaims((await this.scope()).exec, new Date(now.getTime() - retainMs), now) };
  }

  async transaction<T>(fn: (store: Store) => Promise<T>): Promise<T> {
    return (await this.scope()).atomically((exec) => {
      const inner: SqlScope = { exec, atomically: (nested) => nested(exec) };
      return fn(new SqlStore(async () => inner, this.lease, this.clock, async () => undefined));
    });
  }

  async close(): Promise<void> {
    await this.shutdown();
  }
}
