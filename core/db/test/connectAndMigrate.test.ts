import test from 'ava';
import { sql } from 'kysely';
import { migrateToLatest } from '../migrate.ts';
import { tableNames, testOnEachBackend } from '../testing/testDatabase.ts';

testOnEachBackend(test, 'issuer', 'the issuer database is migrated to its tables', async (t, db) => {
  const tables = await tableNames(db);
  for (const name of ['service_meta', 'issuers', 'issuer_tokens']) t.true(tables.includes(name), name);
  t.false(tables.includes('trusted_issuers'), 'issuer and verifier databases share no tables');
});

testOnEachBackend(test, 'verifier', 'the verifier database is migrated to its tables', async (t, db) => {
  const tables = await tableNames(db);
  for (const name of ['service_meta', 'staff_tokens', 'trusted_issuers', 'policies']) t.true(tables.includes(name), name);
  t.false(tables.includes('issuers'));
});

testOnEachBackend(test, 'issuer', 'migrating again is a no-op', async (t, db) => {
  t.deepEqual(await migrateToLatest(db, 'issuer'), []);
});

testOnEachBackend(test, 'issuer', 'int8 columns come back as BigInt', async (t, db) => {
  const { rows } = await sql<{ n: bigint }>`select 9007199254740993::int8 as n`.execute(db);
  t.is(rows[0]?.n, 9007199254740993n);
});

testOnEachBackend(test, 'verifier', 'service_meta keeps a JSON value per key and stamps it', async (t, db) => {
  const before = new Date(Date.now() - 60_000);
  await db.insertInto('service_meta').values({ key: 'demo-seed', value: JSON.stringify({ seeded: true, tenants: 3 }) }).execute();
  const row = await db.selectFrom('service_meta').selectAll().where('key', '=', 'demo-seed').executeTakeFirstOrThrow();
  t.deepEqual(row.value, { seeded: true, tenants: 3 });
  t.true(row.updated_at instanceof Date && row.updated_at > before);
  const duplicate = await t.throwsAsync(db.insertInto('service_meta').values({ key: 'demo-seed', value: '1' }).execute());
  t.is((duplicate as unknown as { code?: string }).code, '23505', 'the key is the primary key');
});
