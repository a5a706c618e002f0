import { randomUUID } from 'node:crypto';
import test from 'ava';
import fc from 'fast-check';
import type { Kysely } from 'kysely';
import { generateDidKey } from '../../core/crypto/didKey.ts';
import { backendsUnderTest } from '../../core/db/testing/testDatabase.ts';
import { allocateStatusPositions, STATUS_LIST_FILL_LIMIT, type StatusPosition } from '../services/statusLists.ts';
import { issuanceDatabase, type IssuanceDatabase } from '../stores/issuanceDb.ts';
import { findIssuerById } from '../stores/issuerStore.ts';
import type { StatusPurpose } from '../stores/statusListStore.ts';
import { call, cleanUpAfter, createTenant, startTestIssuer, unsignedCredential, type TestIssuer } from './support/issuance.ts';

cleanUpAfter(test);

/** Status positions are claimed in one statement per request (statusLists.ts); these pin down what it must keep. */

const ids = (n: number) => Array.from({ length: n }, () => `urn:uuid:${randomUUID()}`);

async function cmeTenant(issuer: TestIssuer) {
  const tenant = await createTenant(issuer, { kind: 'cme-provider', credentialTypes: ['CMECreditCredential'] });
  const record = await findIssuerById(issuer.deps.db, tenant.id);
  if (!record) throw new Error('tenant not found');
  const signing = { key: issuer.deps.tenantKeys.keyOf(record), signer: issuer.deps.signer, publicUrl: issuer.deps.publicUrl };
  return { tenant, record, signing };
}

async function listsOf(db: Kysely<IssuanceDatabase>, issuerId: string) {
  return db.selectFrom('status_lists').select(['id', 'purpose', 'allocated', 'state']).where('issuer_id', '=', issuerId).orderBy('created_at').execute();
}

async function entriesOf(db: Kysely<IssuanceDatabase>, listIds: readonly string[]) {
  if (listIds.length === 0) return [];
  return db.selectFrom('status_entries').select(['list_id', 'list_index', 'credential_id']).where('list_id', 'in', [...listIds]).execute();
}

for (const backend of backendsUnderTest()) {
  test.serial(`concurrent allocations give every credential its own position of each purpose and count exactly what they claim [${backend}]`, async (t) => {
    const issuer = await startTestIssuer(backend);
    try {
      const db = issuanceDatabase(issuer.deps.db);
      const { record, signing } = await cmeTenant(issuer);
      await fc.assert(
        fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 6 }), async (sizes) => {
          const requests = sizes.map(ids);
          const results = await Promise.all(requests.map((request) => allocateStatusPositions(db, signing, request, new Date())));
          const given: StatusPosition[] = [];
          results.forEach((result, r) => {
            if (!result.ok) throw new Error(`allocation refused: ${result.taken.join(', ')}`);
            for (const id of requests[r] as string[]) {
              const position = result.positions.get(id);
              t.truthy(position, `a position pair for ${id}`);
              if (!position) continue;
              t.is(position.revocation.purpose, 'revocation');
              t.is(position.suspension.purpose, 'suspension');
              given.push(position.revocation, position.suspension);
            }
          });
          const keys = given.map((p) => `${p.listId}#${p.index}`);
          t.is(new Set(keys).size, keys.length, 'no position is handed out twice');
          t.true(given.every((p) => Number.isInteger(p.index) && p.index >= 0 && p.index < 131_072));

          const lists = await listsOf(db, record.id);
          const entries = await entriesOf(db, lists.map((l) => l.id));
          t.is(
            lists.reduce((sum, l) => sum + l.allocated, 0),
            entries.length,
            'the lists count exactly the positions claimed in them',
          );
          const claimed = new Map(entries.map((e) => [`${e.list_id}#${e.list_index}`, e.credential_id]));
          for (const [r, result] of results.entries()) {
            if (!result.ok) continue;
            for (const id of requests[r] as string[]) {
              const position = result.positions.get(id) as Record<StatusPurpose, StatusPosition>;
              t.is(claimed.get(`${position.revocation.listId}#${position.revocation.index}`), id);
              t.is(claimed.get(`${position.suspension.listId}#${position.suspension.index}`), id);
            }
          }
        }),
        { numRuns: 8 },
      );
      t.deepEqual(
        (await listsOf(db, record.id)).map((l) => `${l.purpose} ${l.state}`).sort(),
        ['revocation open', 'suspension open'],
        'one open list per purpose, opened once however many allocations raced',
      );
    } finally {
      await issuer.close();
    }
  });

  test.serial(`an id already issued is refused before any position is claimed [${backend}]`, async (t) => {
    const issuer = await startTestIssuer(backend);
    try {
      const db = issuanceDatabase(issuer.deps.db);
      const { tenant, record, signing } = await cmeTenant(issuer);
      const id = `urn:uuid:${randomUUID()}`;
      const issued = await call(`${issuer.url}/issuers/${tenant.id}/credentials/issue`, {
        token: tenant.token,
        body: { credential: { ...unsignedCredential('CMECreditCredential', generateDidKey().did), id } },
      });
      t.is(issued.status, 201, JSON.stringify(issued.body));
      const lists = await listsOf(db, record.id);
      const before = { lists, entries: (await entriesOf(db, lists.map((l) => l.id))).length };

      const refused = await allocateStatusPositions(db, signing, [...ids(3), id], new Date());
      t.deepEqual(refused, { ok: false, taken: [id] });
      const after = await listsOf(db, record.id);
      t.deepEqual({ lists: after, entries: (await entriesOf(db, after.map((l) => l.id))).length }, before, 'nothing claimed, nothing counted');
    } finally {
      await issuer.close();
    }
  });

  test.serial(`a request that does not fit in the open list goes whole to a new list; the full one keeps its count [${backend}]`, async (t) => {
    const issuer = await startTestIssuer(backend);
    try {
      const db = issuanceDatabase(issuer.deps.db);
      const { record, signing } = await cmeTenant(issuer);
      const first = await allocateStatusPositions(db, signing, ids(2), new Date());
      t.true(first.ok);
      const [old] = (await listsOf(db, record.id)).filter((l) => l.purpose === 'revocation');
      if (!old) throw new Error('no revocation list');
      await db.updateTable('status_lists').set({ allocated: STATUS_LIST_FILL_LIMIT - 3 }).where('id', '=', old.id).execute();

      const request = ids(5);
      const second = await allocateStatusPositions(db, signing, request, new Date());
      if (!second.ok) throw new Error('refused');
      const revocationLists = new Set(request.map((id) => second.positions.get(id)?.revocation.listId));
      t.is(revocationLists.size, 1, 'the request stays in one list');
      t.false(revocationLists.has(old.id), 'and that list is a new one');
      const lists = (await listsOf(db, record.id)).filter((l) => l.purpose === 'revocation');
      t.deepEqual(
        lists.map((l) => [l.id === old.id ? 'old' : 'new', l.state, l.allocated]),
        [
          ['old', 'full', STATUS_LIST_FILL_LIMIT - 3],
          ['new', 'open', 5],
        ],
      );
    } finally {
      await issuer.close();
    }
  });
}
