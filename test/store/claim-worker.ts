/**
 * One of the "two processes" of the claim race: opens the store given on the command line, says
 * `ready`, waits for `go` on stdin, then presses the same button COUNT times at once and prints the
 * outcomes as one JSON line. Run with tsx by test/store/claim-race.ts.
 */
import { createInterface } from 'node:readline';
import { openPostgresStore } from '../../src/store/postgres-store';
import { openSqliteStore } from '../../src/store/sqlite-store';

async function main(): Promise<void> {
  const [backend, target, key, countText, holder] = process.argv.slice(2);
  if (!backend || !target || !key || !countText || !holder) throw new Error('usage: claim-worker sqlite|postgres FILE|URL KEY COUNT HOLDER');
  const store =
    backend === 'sqlite' ? openSqliteStore(target, { holder }) : openPostgresStore({ url: target, poolSize: 10, statementTimeoutMs: 10_000 }, { holder });
  await store.opened();
  process.stdout.write('ready\n');
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) if (line === 'go') break;
  lines.close();
  const now = new Date();
  const outcomes = await Promise.all(
    Array.from({ length: Number(countText) }, (_, i) => store.claimAction(key, `${holder}-presser-${i}`, now, new Date(now.getTime() + 60_000))),
  );
  process.stdout.write(`${JSON.stringify(outcomes.map((o) => o.outcome))}\n`);
  await store.close();
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
