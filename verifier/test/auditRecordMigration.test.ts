import test from 'ava';
import { rm } from 'node:fs/promises';
import { sql, type Kysely } from 'kysely';
import type { VerifierDatabase } from '../../core/db/schema.ts';
import { migrateToLatest } from '../../core/db/migrate.ts';
import { copyOfMigrations } from '../../core/db/testing/migrationsCopy.ts';
import { backendsUnderTest, createTestDatabase } from '../../core/db/testing/testDatabase.ts';
import { findReport } from '../stores/reportStore.ts';
import { listActiveMonitored } from '../stores/monitorStore.ts';

/**
 * A verifier that stored audit records before they moved from jsonb to json
 * (migrations/verifier/20261206T000000-audit-records-as-json.ts) keeps every one of them: the
 * upgrade converts the stored documents in place, and they read back as the same JSON values.
 */
const AUDIT_AS_JSON = '20261206T000000-audit-records-as-json.ts';

async function columnType(db: Kysely<VerifierDatabase>, table: string, column: string): Promise<string | undefined> {
  const result = await sql<{ data_type: string }>`
    select data_type from information_schema.columns where table_name = ${table} and column_name = ${column}`.execute(db);
  return result.rows[0]?.data_type;
}

for (const backend of backendsUnderTest()) {
  test(`reports stored as jsonb survive the move to json, their documents equal [${backend}]`, async (t) => {
    // The verifier migrations as they were before the audit record became json.
    const folder = await copyOfMigrations('verifier', { keep: (name) => name < AUDIT_AS_JSON });
    t.teardown(() => rm(folder, { recursive: true, force: true }));
    const handle = await createTestDatabase('verifier', backend, { migrate: false });
    t.teardown(() => handle.close());
    const db = handle.db;
    await migrateToLatest(db, 'verifier', { folder });
    t.is(await columnType(db, 'verification_reports', 'submitted'), 'jsonb');

    const submitted = { verifiableCredential: { id: 'urn:uuid:1', credentialSubject: { name: 'Dr. Ada — “quoted”', credits: 25.5 } }, receipt: null };
    const report = { verified: true, checks: [{ check: 'credential.proof', ok: true }], errors: [] };
    await db
      .insertInto('verification_reports')
      .values({ id: 'r1', kind: 'credential', request_id: null, requested_by: 'admin', checked_at: new Date(), decision: 'accepted', holder: null, submitted: JSON.stringify(submitted), report: JSON.stringify(report) })
      .execute();
    await db
      .insertInto('monitored_credentials')
      .values({
        id: 'm1', report_id: 'r1', request_id: null, credential_id: 'urn:uuid:1', credential_type: 'MedicalLicenseCredential', credential_hash: 'a'.repeat(64),
        issuer_did: 'did:key:z6MkExample', summary: 'a license', credential: JSON.stringify(submitted.verifiableCredential), revoked: false, suspended: false, last_checked_at: new Date(),
      })
      .execute();

    t.deepEqual(await migrateToLatest(db, 'verifier'), [AUDIT_AS_JSON.replace(/\.ts$/, '')]);
    t.is(await columnType(db, 'verification_reports', 'submitted'), 'json');
    t.is(await columnType(db, 'verification_reports', 'report'), 'json');
    t.is(await columnType(db, 'monitored_credentials', 'credential'), 'json');
    const stored = await findReport(db, 'r1');
    t.deepEqual(stored?.submitted, submitted);
    t.deepEqual(stored?.report, report);
    t.deepEqual((await listActiveMonitored(db)).find((m) => m.id === 'm1')?.credential, submitted.verifiableCredential);
  });
}
