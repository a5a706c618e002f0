import test from 'ava';
import { generateDidKey } from '../../core/crypto/didKey.ts';
import { backendsUnderTest } from '../../core/db/testing/testDatabase.ts';
import { credentialHash } from '../../core/log/index.ts';
import type { LogReceipt } from '../log/credentialLog.ts';
import { MAX_BATCH } from '../services/issueCredentials.ts';
import {
  assertProblem,
  call,
  cleanUpAfter,
  demoTenants,
  issuanceCounts,
  startTestIssuer,
  unsignedCredential,
  verifyReceipt,
  verifyWithStockVerifier,
} from './support/issuance.ts';

cleanUpAfter(test);

interface BatchAnswer {
  results: Array<{ verifiableCredential: Record<string, unknown> & { id: string; credentialSubject: { activityId: string } }; receipt: LogReceipt }>;
}

function cmeCredits(count: number, holderDid: string, tag: string): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => unsignedCredential('CMECreditCredential', holderDid, { activityId: `${tag}-${i}` }));
}

for (const backend of backendsUnderTest()) {
  test.serial(`issue-batch issues every credential in order, each verifiable, each with a receipt, logged together [${backend}]`, async (t) => {
    const issuer = await startTestIssuer(backend);
    try {
      const { cme } = await demoTenants(issuer);
      const holder = generateDidKey();
      const answer = await call<BatchAnswer>(`${issuer.url}/issuers/${cme.id}/credentials/issue-batch`, {
        token: cme.token,
        body: { credentials: cmeCredits(20, holder.did, 'batch') },
      });
      t.is(answer.status, 201, JSON.stringify(answer.body).slice(0, 500));
      const { results } = answer.body;
      t.is(results.length, 20);
      t.deepEqual(results.map((r) => r.verifiableCredential.credentialSubject.activityId), Array.from({ length: 20 }, (_, i) => `batch-${i}`));
      t.is(new Set(results.map((r) => r.verifiableCredential.id)).size, 20);
      const indexes = results.map((r) => BigInt(r.receipt.leafIndex)).sort((a, b) => (a < b ? -1 : 1));
      t.is(indexes.at(-1)! - indexes[0]!, 19n, 'the batch\'s entries sit side by side in the log');
      for (const { verifiableCredential, receipt } of results) {
        // The batch shares two lists: each is verified on first use, then reused.
        const verification = await verifyWithStockVerifier(issuer.url, verifiableCredential, { reuseVerifiedLists: true });
        t.true(verification.verified, String((verification.error as Error | undefined)?.message));
        await verifyReceipt(issuer.url, receipt, { kind: 'issue', issuer: cme.did, credentialHash: credentialHash(verifiableCredential) });
      }
    } finally {
      await issuer.close();
    }
  });

  test.serial(`issue-batch is all or nothing: one bad credential refuses the batch, naming its index and field [${backend}]`, async (t) => {
    const issuer = await startTestIssuer(backend);
    try {
      const { cme } = await demoTenants(issuer);
      const holder = generateDidKey();
      const url = `${issuer.url}/issuers/${cme.id}/credentials/issue-batch`;
      const before = await issuanceCounts(issuer);

      const credentials = cmeCredits(10, holder.did, 'bad');
      credentials[3] = unsignedCredential('CMECreditCredential', holder.did, { credits: -2 });
      credentials[7] = unsignedCredential('CMECreditCredential', 'did:example:not-a-key');
      const problem = assertProblem(t, await call(url, { token: cme.token, body: { credentials } }), 422);
      const paths = (problem.errors ?? []).map((e) => e.path);
      t.true(paths.includes('credentials[3].credentialSubject.credits'), paths.join(', '));
      t.true(paths.includes('credentials[7].credentialSubject.id'), paths.join(', '));

      const withLicense = [...cmeCredits(2, holder.did, 'lic'), unsignedCredential('MedicalLicenseCredential', holder.did)];
      const forbidden = assertProblem(t, await call(url, { token: cme.token, body: { credentials: withLicense } }), 403);
      t.deepEqual((forbidden.errors ?? []).map((e) => e.path), ['credentials[2].type']);

      const id = `urn:uuid:${crypto.randomUUID()}`;
      const twins = cmeCredits(2, holder.did, 'twin').map((c) => ({ ...c, id }));
      const duplicate = assertProblem(t, await call(url, { token: cme.token, body: { credentials: twins } }), 422);
      t.deepEqual((duplicate.errors ?? []).map((e) => e.path), ['credentials[1].id']);

      const tooMany = assertProblem(t, await call(url, { token: cme.token, body: { credentials: cmeCredits(MAX_BATCH + 1, holder.did, 'many') } }), 400);
      t.regex(tooMany.detail ?? '', /at most 1000/);
      assertProblem(t, await call(url, { token: cme.token, body: { credentials: [] } }), 400);
      t.deepEqual(await issuanceCounts(issuer), before, 'nothing written, nothing logged');
    } finally {
      await issuer.close();
    }
  });
}

test.serial(`a batch of ${MAX_BATCH} is issued and logged in one request, every credential verifiable`, async (t) => {
  const backend = backendsUnderTest().at(-1) ?? 'pglite';
  const issuer = await startTestIssuer(backend, { signingThreads: 2 });
  try {
    const { cme } = await demoTenants(issuer);
    const holder = generateDidKey();
    const started = Date.now();
    const answer = await call<BatchAnswer>(`${issuer.url}/issuers/${cme.id}/credentials/issue-batch`, {
      token: cme.token,
      body: { credentials: cmeCredits(MAX_BATCH, holder.did, 'full') },
    });
    t.log(`issued ${MAX_BATCH} in ${Date.now() - started} ms`);
    t.is(answer.status, 201);
    t.is(answer.body.results.length, MAX_BATCH);
    const indexes = answer.body.results.map((r) => Number(r.receipt.leafIndex)).sort((a, b) => a - b);
    t.is(indexes.at(-1)! - indexes[0]!, MAX_BATCH - 1);
    // Every credential through the stock verifier (its two lists are verified once, on first use).
    let failures = 0;
    for (const { verifiableCredential, receipt } of answer.body.results) {
      const verification = await verifyWithStockVerifier(issuer.url, verifiableCredential, { reuseVerifiedLists: true });
      if (!verification.verified || verification.status.revocation !== false) failures += 1;
      await verifyReceipt(issuer.url, receipt, { credentialHash: credentialHash(verifiableCredential) });
    }
    t.is(failures, 0);
    t.log(`verified in ${Date.now() - started} ms`);
  } finally {
    await issuer.close();
  }
});
