import type { LogWatchRecord } from '../../src/store/log-watch-state';
import type { ContractBackend, ContractDatabase } from './store-contract';

const record = (overrides: Partial<LogWatchRecord> = {}): LogWatchRecord => ({
  cluster: 'lab',
  node: 'rabbit@one',
  inode: '18446744073709551615',
  size: 5_000_000_000,
  offset: 4_999_999_000,
  seen: '{}',
  updatedAt: new Date('2020-03-01T08:00:00Z'),
  ...overrides,
});

/** Where watch mode stopped reading each node's log, shared by every backend. */
export function describeLogWatchContract(backend: () => ContractBackend): void {
  describe('log watch cursors', () => {
    let db: ContractDatabase;
    beforeEach(async () => {
      db = await backend().fresh();
    });
    afterEach(async () => {
      await db.close();
    });

    const lease = async (holder: string, at: Date) => {
      const acquired = await db.store.acquireLease('watch', holder, 1_000, at);
      if (!acquired.acquired) throw new Error('lease not acquired');
      return { lease: 'watch', token: acquired.token };
    };

    it('keeps a node\'s inode, size and offset (64-bit values exactly), and its memory, per cluster and node', async () => {
      expect(await db.store.getLogWatch('lab', 'rabbit@one')).toBeNull();
      const fence = await lease('a', new Date('2020-03-01T08:00:00Z'));
      expect(await db.store.saveLogWatch(record(), fence)).toEqual({ saved: true });
      expect(await db.store.saveLogWatch(record({ node: 'rabbit@two', offset: 7 }), fence)).toEqual({ saved: true });
      expect(await db.store.getLogWatch('lab', 'rabbit@one')).toEqual(record());
      expect((await db.store.getLogWatch('lab', 'rabbit@two'))?.offset).toBe(7);
      await db.store.saveLogWatch(record({ inode: '12', size: 30, offset: 30, seen: '{"node-down":{}}' }), fence);
      expect(await db.store.getLogWatch('lab', 'rabbit@one')).toMatchObject({ inode: '12', size: 30, offset: 30, seen: '{"node-down":{}}' });
    });

    it('a replica that took the lease over continues from the stored cursor, and the replaced one can no longer move it', async () => {
      const old = await lease('a', new Date('2020-03-01T08:00:00Z'));
      await db.store.saveLogWatch(record({ offset: 100 }), old);
      const taken = await lease('b', new Date('2020-03-01T09:00:00Z'));
      const other = db.again({ holder: 'b' });
      try {
        expect((await other.getLogWatch('lab', 'rabbit@one'))?.offset).toBe(100);
        expect(await db.store.saveLogWatch(record({ offset: 999 }), old)).toEqual({ saved: false, reason: 'stale-fence', currentToken: taken.token });
        expect(await other.saveLogWatch(record({ offset: 200 }), taken)).toEqual({ saved: true });
        expect((await db.store.getLogWatch('lab', 'rabbit@one'))?.offset).toBe(200);
      } finally {
        await other.close();
      }
    });
  });
}
