/**
 * A stand-in issuer process for the crash test: opens the log on the given database and appends
 * until it is killed, printing `ack <leaf hash>` for every entry whose receipt it received and
 * `queued <leaf hash>` for every entry whose enqueue transaction committed (both acknowledged).
 *
 * Usage: node --import=tsx appendUntilKilled.ts <postgres URL | pglite:<data dir>[:<template.tar.gz>]> <tag>
 */
import { readFile } from 'node:fs/promises';
import { openDatabase, type DatabaseTarget } from '../../../../core/db/connect.ts';
import { migrateToLatest } from '../../../../core/db/migrate.ts';
import { entries, openTestLog } from './logFixtures.ts';

async function main(): Promise<void> {
  const [target = '', tag = 'crash'] = process.argv.slice(2);
  let database: DatabaseTarget;
  if (target.startsWith('pglite:')) {
    const [, dataDir = '', template] = target.split(':');
    database = { kind: 'pglite', dataDir, ...(template ? { loadDataDir: new Blob([await readFile(template)]) } : {}) };
  } else {
    database = { kind: 'postgres', url: target };
  }
  const handle = await openDatabase<unknown>(database);
  await migrateToLatest(handle.db, 'issuer');
  const log = await openTestLog(handle.db, { batchMaxWaitMs: 2, batchMaxEntries: 16 });
  log.start();
  process.stdout.write('ready\n');
  for (let round = 0; ; round++) {
    const batch = entries(tag, 4, round * 6);
    // Two entries only queued (committed, never awaited here), four appended with receipts.
    const queued = await handle.db.transaction().execute((trx) => log.enqueue(trx as never, entries(tag, 2, round * 6 + 4)));
    process.stdout.write(queued.map((hash) => `queued ${hash}\n`).join(''));
    const receipts = await log.append(batch);
    process.stdout.write(receipts.map((r) => `ack ${r.leafHash}\n`).join(''));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
