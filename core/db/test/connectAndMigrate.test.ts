import test from 'ava';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { openDatabase } from '../connect.ts';
import { DatabaseLockedError } from '../directoryLock.ts';
import { MigrationError, migrateToLatest } from '../migrate.ts';
import { backendsUnderTest, createTestDatabase, tableNames, testOnEachBackend } from '../testing/testDatabase.ts';

const failingFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/failing-migrations');

testOnEachBackend(test, 'issuer', 'the issuer database is migrated to its tables', async (t, db) => {
  const tables = await tableNames(db);
  t.true(tables.includes('issuers'));
  t.true(tables.includes('issuer_tokens'));
  t.false(tables.includes('trusted_issuers'), 'issuer and verifier databases share no tables');
});

testOnEachBackend(test, 'verifier', 'the verifier database is migrated to its tables', async (t, db) => {
  const tables = await tableNames(db);
  for (const name of ['staff_tokens', 'trusted_issuers', 'policies']) t.true(tables.includes(name), name);
  t.false(tables.includes('issuers'));
});

testOnEachBackend(test, 'issuer', 'migrating again is a no-op', async (t, db) => {
  t.deepEqual(await migrateToLatest(db, 'issuer'), []);
});

testOnEachBackend(test, 'issuer', 'int8 columns come back as BigInt', async (t, db) => {
  const { rows } = await sql<{ n: bigint }>`select 9007199254740993::int8 as n`.execute(db);
  t.is(rows[0]?.n, 9007199254740993n);
});

for (const backend of backendsUnderTest()) {
  test(`a failing migration names itself and leaves the database as it was [${backend}]`, async (t) => {
    const handle = await createTestDatabase('verifier', backend, { migrate: false });
    try {
      await sql`create table existing_data (id integer)`.execute(handle.db);
      const before = await tableNames(handle.db);
      const error = await t.throwsAsync(migrateToLatest(handle.db, 'verifier', { folder: failingFolder }), {
        instanceOf: MigrationError,
      });
      t.regex(error?.message ?? '', /20260101T000100-bad/);
      t.regex(error?.message ?? '', /no_such_table/);
      // kysely's own bookkeeping tables are created before the migrations' transaction.
      const appTables = async () => (await tableNames(handle.db)).filter((name) => !name.startsWith('kysely_'));
      t.deepEqual(await appTables(), before, 'neither the good nor the half-done migration stayed');
    } finally {
      await handle.close();
    }
  });
}

test('two transactions on PGlite never interleave', async (t) => {
  const handle = await openDatabase<{ ledger: { n: number } }>({ kind: 'pglite' });
  try {
    await sql`create table ledger (n integer not null)`.execute(handle.db);
    await sql`insert into ledger values (0)`.execute(handle.db);
    const bump = () =>
      handle.db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('ledger').select('n').executeTakeFirstOrThrow();
        await new Promise((resolve) => setTimeout(resolve, 5));
        await trx.updateTable('ledger').set({ n: row.n + 1 }).execute();
      });
    await Promise.all(Array.from({ length: 10 }, bump));
    const final = await handle.db.selectFrom('ledger').select('n').executeTakeFirstOrThrow();
    t.is(final.n, 10, 'a lost update would mean two transactions read the same value');
  } finally {
    await handle.close();
  }
});

test('a PGlite data directory can be opened by one process only, and the lock is released on close', async (t) => {
  const dataDir = path.join(await mkdtemp(path.join(tmpdir(), 'radcred-db-')), 'issuer');
  const first = await openDatabase({ kind: 'pglite', dataDir });
  const error = await t.throwsAsync(openDatabase({ kind: 'pglite', dataDir }), { instanceOf: DatabaseLockedError });
  t.regex(error?.message ?? '', new RegExp(`pid ${process.pid}`));
  await first.close();
  const second = await openDatabase({ kind: 'pglite', dataDir });
  await second.close();
  t.pass();
});
