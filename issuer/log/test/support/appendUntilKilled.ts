/**
 * A stand-in issuer process for the crash test: opens the log on the given database and appends
 * until it is killed, printing `ack <leaf hash>` for every entry whose receipt it received and
 * `queued <leaf hash>` for every entry whose enqueue transaction committed (both acknowledged).
 *
 * Mode `grouped`: 64 concurrent callers each append one entry at a time (their entries share batch
 * transactions, never queued) and now and then queue one in a transaction of their own.
 *
 * Usage: node --import=tsx appendUntilKilled.ts <postgres URL | pglite:<data dir>[:<template.tar.gz>]> <tag> [sequential|grouped]
 */
import { readFile } from 'node:fs/promises';
import { openDatabase, type DatabaseTarget } from '../../../../core/db/connect.ts';
import { migrateToLatest } from '../../../../core/db/migrate.ts';
import { entries, openTestLog } from './logFixtures.ts';

async function main(): Promise<void> {
  const [target = '', tag = 'crash', mode = 'sequential'] = process.argv.slice(2);
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
  if (mode === 'grouped') {
    let next = 0;
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        for (;;) {
          const i = next++;
          if (i % 8 === 7) {
            const queued = await handle.db.transaction().execute((trx) => log.enqueue(trx as never, entries(tag, 1, i)));
            process.stdout.write(`queued ${queued[0]}\n`);
          } else {
            const [receipt] = await log.append(entries(tag, 1, i));
            process.stdout.write(`ack ${receipt!.leafHash}\n`);
          }
        }
      }),
    );
  }
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
