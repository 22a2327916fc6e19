import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite-store';
import { migrations } from '../../src/store/migrations';
import { describeLogWatchContract } from './log-watch-contract';
import { describeStepJournalContract, describeStoreContract, describeTimelineContract, type ContractBackend } from './store-contract';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const sqlite: ContractBackend = {
  name: 'sqlite',
  async fresh(options) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rmq-store-'));
    dirs.push(dir);
    const file = path.join(dir, 'bot.sqlite');
    const store = openSqliteStore(file, options);
    await store.opened();
    return { store, target: file, again: (o) => openSqliteStore(file, o), close: () => store.close() };
  },
};

describe('SQLite store', () => {
  describeStoreContract(() => sqlite);
  describeStepJournalContract(() => sqlite);
  describeTimelineContract(() => sqlite);
  describeLogWatchContract(() => sqlite);
});

describe('SQLite store from a file written before migrations (v1)', () => {
  it('migrates it with its claims and timeline rows kept', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rmq-store-v1-'));
    dirs.push(dir);
    const file = path.join(dir, 'bot.sqlite');
    copyFileSync(path.join(__dirname, '..', 'fixtures', 'store', 'v1-store.sqlite'), file);
    const store = openSqliteStore(file, { holder: 'replica-a' });
    try {
      expect(await store.schemaVersions()).toEqual(migrations.map((m) => m.version));
      const t = Date.UTC(2026, 10, 20, 9, 0, 0);
      const atT = (ms: number) => new Date(t + ms);
      expect(await store.claimAction('C0INCIDENT:1700000000.000100:status.refresh:lab', 'U0BOB', atT(10_000), atT(3600_000))).toEqual({
        outcome: 'done',
        by: 'U0ALICE',
        at: atT(2000),
        summary: 'lab: 3 of 3 nodes up',
      });
      // A press left running by a v1 bot has no holder to renew it: reported, and taken over by the next press.
      expect(await store.getClaim('C0INCIDENT:1700000000.000200:logs.show:rabbit3', atT(10_000))).toMatchObject({ outcome: 'holder-died', by: 'U0BOB', since: atT(5000) });
      expect(await store.claimAction('C0INCIDENT:1700000000.000200:logs.show:rabbit3', 'U0CAROL', atT(10_000), atT(3600_000))).toMatchObject({
        outcome: 'claimed',
        takenOver: { by: 'U0BOB', since: atT(5000) },
      });
      const incident = await store.listTimeline({ channel: 'C0INCIDENT', limit: 10 });
      expect(incident.events.map((e) => [e.at.getTime() - t, e.actor, e.kind, e.details, e.summary])).toEqual([
        [2000, { kind: 'user', id: 'U0ALICE' }, 'note', { source: 'timeline-v1', legacyKind: 'action' }, 'pressed status.refresh → lab: 3 of 3 nodes up'],
        [0, { kind: 'user', id: 'U0ALICE' }, 'note', { source: 'timeline-v1', legacyKind: 'command' }, '/rmq status lab → lab: 2 of 3 nodes up'],
      ]);
      expect((await store.listTimeline({ channel: 'console', limit: 10 })).events.map((e) => e.summary)).toEqual(['/rmq logs rabbit3 → it\'s "quoted"']);
      // Every button of the file has expired by then and nobody renews the taken-over press: all three go.
      expect(await store.purge(atT(3600_000 + 1), 0)).toEqual({ claims: 3 });
    } finally {
      await store.close();
    }
  });
});
