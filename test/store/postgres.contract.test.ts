import { openPostgresStore } from '../../src/store/postgres-store';
import { usePostgres } from '../helpers/postgres';
import { describeLogWatchContract } from './log-watch-contract';
import { describeStepJournalContract, describeStoreContract, describeTimelineContract, type ContractBackend } from './store-contract';

const pg = usePostgres();

const connection = (url: string) => ({ url, poolSize: 8, statementTimeoutMs: 10_000 });

const postgres: ContractBackend = {
  name: 'postgres',
  async fresh(options) {
    const url = await pg().createDatabase();
    const store = openPostgresStore(connection(url), options);
    await store.opened();
    return { store, target: url, again: (o) => openPostgresStore(connection(url), o), close: () => store.close() };
  },
};

describe('PostgreSQL store', () => {
  describeStoreContract(() => postgres);
  describeStepJournalContract(() => postgres);
  describeTimelineContract(() => postgres);
  describeLogWatchContract(() => postgres);
});
