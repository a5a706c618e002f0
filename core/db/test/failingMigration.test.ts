import test from 'ava';
import { rm } from 'node:fs/promises';
import { sql, type Kysely } from 'kysely';
import { MigrationError, listMigrationFiles, migrateToLatest, migrationsFolder } from '../migrate.ts';
import { copyOfMigrations } from '../testing/migrationsCopy.ts';
import { backendsUnderTest, createTestDatabase, tableNames } from '../testing/testDatabase.ts';

/** A copy of the real verifier migrations plus `extra` files, in a temporary folder. */
function migrationsWith(extra: Record<string, string>): Promise<string> {
  return copyOfMigrations('verifier', { extra });
}

const goodMigration = `export async function up(db) {
  await db.schema.createTable('probe_good').addColumn('id', 'integer', (c) => c.primaryKey()).execute();
}
`;
const badMigration = `export async function up(db) {
  await db.schema.createTable('probe_half').addColumn('id', 'integer').execute();
  await db.insertInto('probe_good').values({ id: 1 }).execute();
  await db.insertInto('no_such_table').values({ id: 1 }).execute();
}
`;

async function migrationRows<DB>(db: Kysely<DB>): Promise<unknown[]> {
  const result = await sql<{ name: string; timestamp: string }>`select name, timestamp from kysely_migration order by name`.execute(db);
  return result.rows;
}

for (const backend of backendsUnderTest()) {
  test(`a failing migration names itself and the database error, and leaves the database as it was [${backend}]`, async (t) => {
    const folder = await migrationsWith({ '29991231T000000-good.ts': goodMigration, '29991231T000100-bad.ts': badMigration });
    t.teardown(() => rm(folder, { recursive: true, force: true }));
    const handle = await createTestDatabase('verifier', backend);
    t.teardown(() => handle.close());
    const db = handle.db;
    await db.insertInto('service_meta').values({ key: 'kept', value: JSON.stringify('yes') }).execute();
    const tablesBefore = await tableNames(db);
    const migrationsBefore = await migrationRows(db);

    const error = await t.throwsAsync(migrateToLatest(db, 'verifier', { folder }), { instanceOf: MigrationError });
    t.is(error?.code, 'db.migration.failed');
    t.regex(error?.message ?? '', /migration 29991231T000100-bad failed on the verifier database/);
    t.regex(error?.message ?? '', /no_such_table/, 'the database reason is in the message');
    t.regex(error?.message ?? '', /rolled back with it: 29991231T000000-good/);

    t.deepEqual(await tableNames(db), tablesBefore, 'neither the good nor the half-done migration left a table');
    t.deepEqual(await migrationRows(db), migrationsBefore, 'no migration was recorded as done');
    const kept = await db.selectFrom('service_meta').select('value').execute();
    t.deepEqual(kept, [{ value: 'yes' }], 'existing data is untouched');
    t.deepEqual(await migrateToLatest(db, 'verifier'), [], 'the real migrations still see an up-to-date database');
  });
}

test('a migration file that does not follow YYYYMMDDTHHMMSS-name.ts is refused, not skipped', async (t) => {
  const folder = await migrationsWith({ '20261124-Add_Things.ts': goodMigration });
  t.teardown(() => rm(folder, { recursive: true, force: true }));
  const error = await t.throwsAsync(listMigrationFiles(folder), { instanceOf: MigrationError });
  t.regex(error?.message ?? '', /20261124-Add_Things\.ts is not named YYYYMMDDTHHMMSS-name\.ts/);
});

test('the migration folders hold only well-named migrations, in name order', async (t) => {
  for (const service of ['issuer', 'verifier'] as const) {
    const names = await listMigrationFiles(migrationsFolder(service));
    t.is(names[0], '20261123T000000-foundation.ts', service);
    t.deepEqual(names, [...names].sort(), service);
  }
});
