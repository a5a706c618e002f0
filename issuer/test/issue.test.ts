import test from 'ava';
import { generateDidKey } from '../../core/crypto/didKey.ts';
import { backendsUnderTest } from '../../core/db/testing/testDatabase.ts';
import { credentialHash } from '../../core/log/index.ts';
import type { LogReceipt } from '../log/credentialLog.ts';
import { credentialSigner } from '../services/credentialSigner.ts';
import { SigningPool } from '../services/signingPool.ts';
import {
  assertProblem,
  call,
  cleanUpAfter,
  demoTenants,
  startTestIssuer,
  unsignedCredential,
  verifyReceipt,
  verifyWithStockVerifier,
} from './support/issuance.ts';

cleanUpAfter(test);

interface Issued {
  verifiableCredential: Record<string, unknown> & { id: string; issuer: string; credentialStatus: Array<Record<string, string>>; proof: Record<string, string> };
  receipt: LogReceipt;
}

for (const backend of backendsUnderTest()) {
  test.serial(`the demo tenants issue a license, a board certification and CME credits that the stock verifier accepts [${backend}]`, async (t) => {
    // The production signer: a pool of signing threads.
    const issuer = await startTestIssuer(backend, { signingThreads: 2 });
    try {
      const { board, abr, cme } = await demoTenants(issuer);
      const holder = generateDidKey();
      const cases = [
        { tenant: board, type: 'MedicalLicenseCredential' as const },
        { tenant: abr, type: 'BoardCertificationCredential' as const },
        { tenant: cme, type: 'CMECreditCredential' as const },
      ];
      for (const { tenant, type } of cases) {
        const answer = await call<Issued>(`${issuer.url}/issuers/${tenant.id}/credentials/issue`, {
          token: tenant.token,
          body: { credential: unsignedCredential(type, holder.did) },
        });
        t.is(answer.status, 201, JSON.stringify(answer.body));
        const { verifiableCredential: credential, receipt } = answer.body;
        t.regex(credential.id, /^urn:uuid:[0-9a-f-]{36}$/);
        t.is(credential.issuer, tenant.did);
        t.truthy(credential.validFrom);
        t.deepEqual((credential.type as unknown as string[]).slice(), ['VerifiableCredential', type]);
        t.is(credential.proof.type, 'Ed25519Signature2020');
        t.is(credential.proof.verificationMethod, `${tenant.did}#${tenant.did.slice('did:key:'.length)}`);
        const purposes = credential.credentialStatus.map((entry) => entry.statusPurpose).sort();
        t.deepEqual(purposes, ['revocation', 'suspension']);
        for (const entry of credential.credentialStatus) {
          t.is(entry.type, 'BitstringStatusListEntry');
          t.regex(entry.statusListIndex ?? '', /^\d+$/);
          t.true((entry.statusListCredential ?? '').startsWith(`${issuer.url}/status/`));
        }

        const verification = await verifyWithStockVerifier(issuer.url, credential);
        t.true(verification.verified, `stock verifier: ${String((verification.error as Error | undefined)?.message)}`);
        t.deepEqual(verification.status, { revocation: false, suspension: false });

        await verifyReceipt(issuer.url, receipt, { kind: 'issue', issuer: tenant.did, credentialHash: credentialHash(credential) });
        t.pass(`${type} receipt verifies`);

        const record = await call<{ verifiableCredential: unknown; credentialType: string; subject: string; revoked: boolean }>(
          `${issuer.url}/issuers/${tenant.id}/credentials/${encodeURIComponent(credential.id)}`,
          { token: tenant.token },
        );
        t.is(record.status, 200);
        t.deepEqual(record.body.verifiableCredential, credential, 'the record holds the signed credential');
        t.is(record.body.subject, holder.did);
        t.is(record.body.credentialType, type);
        t.false(record.body.revoked);
      }
      // The license's validity ends with the license.
      const license = await call<Issued>(`${issuer.url}/credentials/issue`, {
        token: board.token,
        body: { credential: unsignedCredential('MedicalLicenseCredential', holder.did, { expiresOn: '2031-06-30' }) },
      });
      t.is(license.status, 201, 'POST /credentials/issue issues for the token\'s own tenant');
      t.is(license.body.verifiableCredential.validUntil, '2031-06-30T23:59:59Z');
      t.is(license.body.verifiableCredential.issuer, board.did);
    } finally {
      await issuer.close();
    }
  });

  test.serial(`issue honours a given id, issuer and validity, and refuses a reused id [${backend}]`, async (t) => {
    const issuer = await startTestIssuer(backend);
    try {
      const { cme } = await demoTenants(issuer);
      const holder = generateDidKey();
      const id = `urn:uuid:${crypto.randomUUID()}`;
      const credential = {
        ...unsignedCredential('CMECreditCredential', holder.did),
        id,
        issuer: cme.did,
        validFrom: '2026-01-01T00:00:00Z',
        validUntil: '2036-01-01T00:00:00Z',
      };
      const answer = await call<Issued>(`${issuer.url}/issuers/${cme.id}/credentials/issue`, { token: cme.token, body: { credential } });
      t.is(answer.status, 201, JSON.stringify(answer.body));
      t.is(answer.body.verifiableCredential.id, id);
      t.is(answer.body.verifiableCredential.validFrom, '2026-01-01T00:00:00Z');
      t.is(answer.body.verifiableCredential.validUntil, '2036-01-01T00:00:00Z');
      t.true((await verifyWithStockVerifier(issuer.url, answer.body.verifiableCredential)).verified);

      const again = await call(`${issuer.url}/issuers/${cme.id}/credentials/issue`, { token: cme.token, body: { credential } });
      assertProblem(t, again, 409, 'an id is issued once');

      const optionId = `urn:uuid:${crypto.randomUUID()}`;
      const viaOption = await call<Issued>(`${issuer.url}/issuers/${cme.id}/credentials/issue`, {
        token: cme.token,
        body: { credential: unsignedCredential('CMECreditCredential', holder.did), options: { credentialId: optionId } },
      });
      t.is(viaOption.status, 201);
      t.is(viaOption.body.verifiableCredential.id, optionId, 'VC-API options.credentialId names the credential');
    } finally {
      await issuer.close();
    }
  });
}

test.serial('signing threads keep one key object per tenant: signing never re-imports a key', async (t) => {
  const signer = credentialSigner(2);
  t.true(signer instanceof SigningPool);
  const pool = signer as SigningPool;
  const issuer = await startTestIssuer(backendsUnderTest()[0] ?? 'pglite', { signingThreads: 2 });
  try {
    const { cme } = await demoTenants(issuer);
    const holder = generateDidKey();
    const issueBatch = (n: number) =>
      call<{ results: Issued[] }>(`${issuer.url}/issuers/${cme.id}/credentials/issue-batch`, {
        token: cme.token,
        body: { credentials: Array.from({ length: n }, () => unsignedCredential('CMECreditCredential', holder.did)) },
      });
    t.is((await issueBatch(4)).status, 201);
    const before = await pool.keyObjectCounts();
    const later = await issueBatch(40);
    t.is(later.status, 201);
    t.is(later.body.results.length, 40);
    t.deepEqual(await pool.keyObjectCounts(), before, 'no thread created a key object for 40 more signatures');
  } finally {
    await issuer.close();
  }
});
