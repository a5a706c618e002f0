import { randomUUID } from 'node:crypto';
import test from 'ava';
import { sql } from 'kysely';
import { backendsUnderTest, closeDatabasesAfter, sharedDatabase } from '../../../core/db/testing/testDatabase.ts';
import { issuanceDatabase, writeWithoutWaitingForFlush, type IssuanceDb } from '../issuanceDb.ts';

/** Issuance records credentials and queues their log entries with one statement (issueCredentials.ts). */

closeDatabasesAfter(test);

// A table of this test's own: the writes under test are arbitrary data-modifying statements.
async function scratchTable(db: IssuanceDb): Promise<string> {
  const name = `flush_test_${randomUUID().replaceAll('-', '')}`;
  await sql`create table ${sql.table(name)} (id int primary key)`.execute(db);
  return name;
}

async function idsIn(db: IssuanceDb, table: string): Promise<number[]> {
  const result = await sql<{ id: number }>`select id from ${sql.table(table)} order by id`.execute(db);
  return result.rows.map((row) => row.id);
}

for (const backend of backendsUnderTest()) {
  test.serial(`the writes are one statement: all of them or, when one fails, none [${backend}]`, async (t) => {
    const db = issuanceDatabase((await sharedDatabase('issuer', backend)).db);
    const table = await scratchTable(db);
    const insert = (id: number) => sql`insert into ${sql.table(table)} (id) values (${id})`;
    await writeWithoutWaitingForFlush(db, [insert(1), insert(2)]);
    t.deepEqual(await idsIn(db, table), [1, 2]);
    // The second write repeats a key: the first, which ran, is undone with it.
    await t.throwsAsync(writeWithoutWaitingForFlush(db, [insert(3), insert(2)]), { message: /duplicate key/ });
    t.deepEqual(await idsIn(db, table), [1, 2]);
    await writeWithoutWaitingForFlush(db, []);
    t.deepEqual(await idsIn(db, table), [1, 2]);
  });

  test.serial(`inside a transaction, its commit does not wait for the flush, and only that transaction's [${backend}]`, async (t) => {
    const db = issuanceDatabase((await sharedDatabase('issuer', backend)).db);
    const table = await scratchTable(db);
    const synchronousCommit = async (on: IssuanceDb) =>
      (await sql<{ value: string }>`select current_setting('synchronous_commit') as value`.execute(on)).rows[0]?.value;
    // One connection throughout, so that what is read after the commit is that session's setting.
    await db.connection().execute(async (connection) => {
      const before = await synchronousCommit(connection);
      t.not(before, 'off');
      await connection.transaction().execute(async (trx) => {
        await writeWithoutWaitingForFlush(trx, [sql`insert into ${sql.table(table)} (id) values (7)`]);
        t.is(await synchronousCommit(trx), 'off');
      });
      t.is(await synchronousCommit(connection), before);
    });
    t.deepEqual(await idsIn(db, table), [7]);
  });
}
