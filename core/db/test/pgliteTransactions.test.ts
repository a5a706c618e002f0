import test from 'ava';
import { sql, type Kysely } from 'kysely';
import { createTestDatabase } from '../testing/testDatabase.ts';

interface Ledger {
  ledger: { n: number };
}

/** A PGlite database (loaded from the test template) with an empty `ledger` table. */
async function ledgerDatabase(t: { teardown(fn: () => Promise<void>): void }): Promise<Kysely<Ledger>> {
  const handle = await createTestDatabase('issuer', 'pglite');
  t.teardown(() => handle.close());
  const db = handle.db as unknown as Kysely<Ledger>;
  await sql`create table ledger (n integer not null)`.execute(db);
  return db;
}

test('concurrent transactions on PGlite run one after another, never interleaved', async (t) => {
  const db = await ledgerDatabase(t);
  await db.insertInto('ledger').values({ n: 0 }).execute();
  const events: string[] = [];
  const bump = (id: number) =>
    db.transaction().execute(async (trx) => {
      events.push(`begin ${id}`);
      const row = await trx.selectFrom('ledger').select('n').executeTakeFirstOrThrow();
      await new Promise((resolve) => setTimeout(resolve, 5));
      await trx.updateTable('ledger').set({ n: row.n + 1 }).execute();
      events.push(`end ${id}`);
    });
  await Promise.all(Array.from({ length: 10 }, (_, id) => bump(id)));

  const final = await db.selectFrom('ledger').select('n').executeTakeFirstOrThrow();
  t.is(final.n, 10, 'a lost update would mean two transactions read the same value');
  for (let i = 0; i < events.length; i += 2) {
    t.is(events[i]?.replace('begin', 'end'), events[i + 1], `transaction ${events[i]} ended before the next began`);
  }
});

test('a failed transaction on PGlite is rolled back and frees the connection for the next one', async (t) => {
  const db = await ledgerDatabase(t);
  const failing = db.transaction().execute(async (trx) => {
    await trx.insertInto('ledger').values({ n: 1 }).execute();
    throw new Error('abandoned');
  });
  const following = db.transaction().execute((trx) => trx.insertInto('ledger').values({ n: 2 }).execute());
  await t.throwsAsync(failing, { message: 'abandoned' });
  await following;
  t.deepEqual(await db.selectFrom('ledger').select('n').execute(), [{ n: 2 }]);
});
