import test from 'ava';
import fc from 'fast-check';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import pg from 'pg';
import { pglitePoolConfig } from '../pgliteConnection.ts';

/**
 * PGlite behind node-postgres with node-postgres's own message writer (core/db/pgliteConnection.ts)
 * answers exactly as through PGlite's own adapter: parameters of every kind, errors, transactions.
 */

type Teardown = { teardown(fn: () => Promise<void>): void };

/** A pool of one over a new in-memory PGlite, through `config`'s connection. */
async function poolOver(t: Teardown, config: (pglite: PGlite) => object): Promise<pg.Pool> {
  const pglite = await PGlite.create();
  const pool = new pg.Pool({ ...config(pglite), max: 1, idleTimeoutMillis: 0 });
  t.teardown(async () => {
    await pool.end();
    await pglite.close();
  });
  return pool;
}

const ourPool = (t: Teardown) => poolOver(t, pglitePoolConfig);

/** No lone surrogate halves: those have no UTF-8 form, whichever writer encodes them. */
function wellFormed(text: string): boolean {
  return Buffer.from(text, 'utf8').toString('utf8') === text;
}

const setup = `create table things (id int primary key, name text not null, doc json, blob bytea, at timestamptz, big int8)`;

test('the same statements give the same rows through either message writer', async (t) => {
  const ours = await ourPool(t);
  const theirs = await poolOver(t, createPgConfig);
  const steps: Array<[string, unknown[]]> = [
    [setup, []],
    ['insert into things values ($1, $2, $3, $4, $5, $6)', [1, 'Dr. Ada Müller — ✓ 🩻', JSON.stringify({ b: 2, a: [1, 'é'] }), Buffer.from([0, 1, 254, 255]), new Date('2026-12-06T05:00:00Z'), '9007199254740993']],
    ['insert into things (id, name) values ($1, $2)', [2, 'x'.repeat(40_000)]],
    ['insert into things (id, name, doc) values ($1, $2, $3)', [3, '', null]],
    ['select id, name, doc, blob, at, big::text as big from things order by id', []],
    ['select count(*)::int as n, sum(length(name))::int as chars from things where name like $1', ['%']],
  ];
  for (const [text, values] of steps) {
    const a = await ours.query(text, values);
    const b = await theirs.query(text, values);
    t.deepEqual(a.rows, b.rows, text);
    t.is(a.rowCount, b.rowCount, text);
  }
});

test('a failing statement reports the database error and the connection stays usable, in and out of a transaction', async (t) => {
  const ours = await ourPool(t);
  // As kysely uses the pool: one client checked out per statement or transaction, released
  // without an error (a release with an error would end the pool's only connection).
  const client = await ours.connect();
  try {
    await client.query(setup);
    const error = await t.throwsAsync(client.query('insert into things (id, name) values ($1, $2), ($1, $3)', [1, 'a', 'b']));
    t.regex(error?.message ?? '', /duplicate key/);
    t.is((error as { code?: string } | undefined)?.code, '23505');
    await client.query('begin');
    await client.query('insert into things (id, name) values ($1, $2)', [5, 'kept?']);
    await t.throwsAsync(client.query('select no_such_column from things'));
    await client.query('rollback');
    t.deepEqual((await client.query('select count(*)::int as n from things')).rows, [{ n: 0 }], 'neither the failed statement nor the failed transaction left a row');
  } finally {
    client.release();
  }
  t.deepEqual((await ours.query('select $1::text as again', ['yes'])).rows, [{ again: 'yes' }], 'the next checkout works');
});

test('property: any string comes back as sent, byte for byte', async (t) => {
  const ours = await ourPool(t);
  await fc.assert(
    fc.asyncProperty(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }).filter(wellFormed)).filter((s) => !s.includes('\u0000')), async (text) => {
      const { rows } = await ours.query<{ echoed: string; octets: number }>('select $1::text as echoed, octet_length($1::text) as octets', [text]);
      return rows[0]?.echoed === text && rows[0]?.octets === Buffer.byteLength(text, 'utf8');
    }),
    { numRuns: 300 },
  );
  t.pass();
});
