import test from 'ava';
import { randomUUID } from 'node:crypto';
import { findReport, insertReportWithMonitoring, type StoredReport } from '../stores/reportStore.ts';
import { listActiveMonitored, type NewMonitoredCredential } from '../stores/monitorStore.ts';
import { call, useVerifiers, verifierFor } from './fixtures/harness.ts';
import { miniWorld } from './fixtures/miniSeed.ts';

/**
 * An accepted credential's report and its status-monitoring row are written by one statement: both
 * or neither, without a transaction's extra round trips.
 */
const backends = useVerifiers(test);

function report(id: string): StoredReport {
  return { id, kind: 'credential', requestId: null, requestedBy: 'admin', checkedAt: new Date(), decision: 'accepted', holder: null, submitted: { n: 1 }, report: { ok: true } };
}

function monitored(id: string, reportId: string): NewMonitoredCredential {
  return {
    id,
    reportId,
    requestId: null,
    credentialId: `urn:uuid:${randomUUID()}`,
    credentialType: 'MedicalLicenseCredential',
    credentialHash: 'a'.repeat(64),
    issuerDid: 'did:key:z6MkExample',
    summary: 'a license',
    credential: { id: 'x' },
    revoked: false,
    suspended: false,
    lastCheckedAt: new Date(),
  };
}

for (const backend of backends) {
  test(`the report and its monitoring rows are stored together [${backend}]`, async (t) => {
    const verifier = await verifierFor(backend);
    const reportId = randomUUID();
    await insertReportWithMonitoring(verifier.deps.db, report(reportId), [monitored(randomUUID(), reportId), monitored(randomUUID(), reportId)]);
    t.truthy(await findReport(verifier.deps.db, reportId));
    t.is((await listActiveMonitored(verifier.deps.db)).filter((m) => m.reportId === reportId).length, 2);
  });

  test(`the audit record comes back exactly as written, its members in their order [${backend}]`, async (t) => {
    const verifier = await verifierFor(backend);
    const reportId = randomUUID();
    // jsonb would hand these members back reordered (shorter keys first).
    const submitted = { verifiableCredential: { zeta: 1, a: [3, 1, 2], '@context': ['x'], nested: { b: 'two', a: 'one' } }, receipt: { proof: 'p', entry: '{"k":1}' } };
    const result = { verified: true, checks: [{ check: 'credential.proof', ok: true }], summary: 'é ✓ — "quoted"' };
    const row = monitored(randomUUID(), reportId);
    await insertReportWithMonitoring(verifier.deps.db, { ...report(reportId), submitted, report: result }, [{ ...row, credential: submitted.verifiableCredential }]);
    const stored = await findReport(verifier.deps.db, reportId);
    t.is(JSON.stringify(stored?.submitted), JSON.stringify(submitted));
    t.is(JSON.stringify(stored?.report), JSON.stringify(result));
    const monitoredRow = (await listActiveMonitored(verifier.deps.db)).find((m) => m.id === row.id);
    t.is(JSON.stringify(monitoredRow?.credential), JSON.stringify(submitted.verifiableCredential));
  });

  test(`a failing monitoring row stores no report either [${backend}]`, async (t) => {
    const verifier = await verifierFor(backend);
    const first = randomUUID();
    const rowId = randomUUID();
    await insertReportWithMonitoring(verifier.deps.db, report(first), [monitored(rowId, first)]);
    // The second statement's monitoring row reuses a primary key: the whole statement fails.
    const second = randomUUID();
    await t.throwsAsync(insertReportWithMonitoring(verifier.deps.db, report(second), [monitored(rowId, second)]));
    t.is(await findReport(verifier.deps.db, second), undefined);
    t.truthy(await findReport(verifier.deps.db, first));
  });

  test(`POST /credentials/verify stores an accepted credential's report and puts it under monitoring [${backend}]`, async (t) => {
    const verifier = await verifierFor(backend);
    const world = await miniWorld(verifier);
    t.teardown(() => world.issuer.close());
    const { credential, receipt } = await world.issuer.issue(world.abr, 'BoardCertificationCredential', world.holder.did);
    const verified = await call(verifier.url, 'POST', '/credentials/verify', { body: { verifiableCredential: credential, receipt } });
    t.is(verified.status, 200, JSON.stringify(verified.body));
    const reportId = verified.body.reportId as string;
    t.like(await findReport(verifier.deps.db, reportId), { decision: 'accepted', kind: 'credential' });
    const rows = (await listActiveMonitored(verifier.deps.db)).filter((m) => m.reportId === reportId);
    t.is(rows.length, 1);
    t.is(rows[0]?.credentialId, credential.id as string);
  });
}
