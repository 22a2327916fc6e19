import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite-store';
import { describeStepJournalContract, type ContractBackend } from './store-contract';

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
    return { store, again: (o) => openSqliteStore(file, o), close: () => store.close() };
  },
};

describe('SQLite store', () => {
  describeStepJournalContract(() => sqlite);
});
