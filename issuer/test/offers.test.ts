import test from 'ava';
import * as vc from '@digitalbazaar/vc';
import { CREDENTIALS_V2_URL, ED25519_2020_URL } from '../../core/credential/contexts.ts';
import { documentLoader } from '../../core/credential/documentLoader.ts';
import { generateDidKey, type Ed25519DidKey } from '../../core/crypto/didKey.ts';
import { ed25519Signature2020SigningSuite } from '../../core/crypto/suites.ts';
import { backendsUnderTest, sharedDatabase } from '../../core/db/testing/testDatabase.ts';
import { credentialHash } from '../../core/log/index.ts';
import type { LogReceipt } from '../log/credentialLog.ts';
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
  type TestIssuer,
  type Tenant,
} from './support/issuance.ts';

cleanUpAfter(test);

interface CreatedOffer {
  offerId: string;
  url: string;
  challenge: string;
  expiresAt: string;
}
interface OfferView {
  type: string;
  issuer: { did: string; name: string };
  credentialType: string;
  query: Array<{ type: string }>;
  challenge: string;
  domain: string;
}

/** What a wallet sends: a DID-authentication presentation (no credentials) signed by `signer`, claiming `holder`. */
async function didAuthPresentation(signer: Ed25519DidKey, options: { challenge: string; domain: string; holder?: string }) {
  const presentation = vc.createPresentation({ holder: options.holder ?? signer.did, version: 2 });
  presentation['@context'] = [CREDENTIALS_V2_URL, ED25519_2020_URL];
  return vc.signPresentation({ presentation, suite: ed25519Signature2020SigningSuite(signer), documentLoader, challenge: options.challenge, domain: options.domain });
}

async function offer(issuer: TestIssuer, tenant: Tenant, extra: Record<string, unknown> = {}): Promise<CreatedOffer> {
  const answer = await call<CreatedOffer>(`${issuer.url}/issuers/${tenant.id}/offers`, {
    token: tenant.token,
    body: { credential: unsignedCredential('MedicalLicenseCredential', undefined), ...extra },
  });
  if (answer.status !== 201) throw new Error(`offer failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

for (const backend of backendsUnderTest()) {
  test.serial(`a radiologist without a DID picks up an offered license by proving a key; the offer is then spent [${backend}]`, async (t) => {
    const issuer = await startTestIssuer(backend);
    try {
      const { board } = await demoTenants(issuer);
      const created = await offer(issuer, board, { expiresInMinutes: 60 });
      t.true(created.url.startsWith(`${issuer.url}/offers/${created.offerId}?secret=`));
      t.true(Date.parse(created.expiresAt) > Date.now() + 59 * 60_000);

      const row = await (await sharedDatabase('issuer', backend)).db
        .selectFrom('credential_offers')
        .select(['secret_hash'])
        .where('id', '=', created.offerId)
        .executeTakeFirstOrThrow();
      t.false(created.url.includes(row.secret_hash), 'only the hash of the secret is stored');

      const view = await call<OfferView>(created.url);
      t.is(view.status, 200);
      t.is(view.body.type, 'CredentialOffer');
      t.deepEqual(view.body.query, [{ type: 'DIDAuthentication' }]);
      t.is(view.body.issuer.did, board.did);
      t.is(view.body.credentialType, 'MedicalLicenseCredential');
      t.is(view.body.challenge, created.challenge);
      t.is(view.body.domain, new URL(issuer.url).host);

      const holder = generateDidKey();
      const vp = await didAuthPresentation(holder, { challenge: view.body.challenge, domain: view.body.domain });
      const redeemed = await call<{ verifiableCredential: Record<string, unknown> & { credentialSubject: { id: string } }; receipt: LogReceipt }>(created.url, {
        body: { verifiablePresentation: vp },
      });
      t.is(redeemed.status, 201, JSON.stringify(redeemed.body));
      const credential = redeemed.body.verifiableCredential;
      t.is(credential.credentialSubject.id, holder.did, 'the credential is bound to the DID that proved control');
      t.true((await verifyWithStockVerifier(issuer.url, credential)).verified);
      await verifyReceipt(issuer.url, redeemed.body.receipt, { kind: 'issue', issuer: board.did, credentialHash: credentialHash(credential) });

      await t.notThrowsAsync(async () => {
        const before = await issuanceCounts(issuer);
        const replay = await call(created.url, { body: { verifiablePresentation: vp } });
        assertProblem(t, replay, 410, 'a replayed redemption');
        assertProblem(t, await call(created.url), 410, 'a redeemed offer is no longer shown');
        t.deepEqual(await issuanceCounts(issuer), before, 'the replay issued and logged nothing');
      });
      const secret = new URL(created.url).searchParams.get('secret') ?? '';
      t.true(secret.length > 20);
      t.false(issuer.logLines.some((line) => line.includes(secret)), 'the offer secret never reaches the request log');
      t.true(issuer.logLines.some((line) => line.includes('"msg":"request"') && line.includes('/offers/')), 'the pickup requests were logged (without their secret)');
    } finally {
      await issuer.close();
    }
  });

  test.serial(`offers refuse wrong secrets, expired offers, other keys and other challenges, issuing nothing [${backend}]`, async (t) => {
    const issuer = await startTestIssuer(backend);
    try {
      const { board } = await demoTenants(issuer);
      const created = await offer(issuer, board);
      const view = (await call<OfferView>(created.url)).body;
      const holder = generateDidKey();
      const intruder = generateDidKey();
      const before = await issuanceCounts(issuer);

      const wrongSecret = created.url.replace(/secret=[^&]+/, 'secret=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
      assertProblem(t, await call(wrongSecret), 404, 'a wrong secret');
      assertProblem(t, await call(created.url.split('?')[0] as string), 404, 'no secret');

      const otherKey = await didAuthPresentation(intruder, { challenge: view.challenge, domain: view.domain, holder: holder.did });
      const byOtherKey = assertProblem(t, await call(created.url, { body: { verifiablePresentation: otherKey } }), 422, 'signed by another key');
      t.regex(byOtherKey.detail ?? '', /not by the holder/);

      const otherChallenge = await didAuthPresentation(holder, { challenge: 'another-challenge-entirely', domain: view.domain });
      assertProblem(t, await call(created.url, { body: { verifiablePresentation: otherChallenge } }), 422, 'another challenge');

      const otherDomain = await didAuthPresentation(holder, { challenge: view.challenge, domain: 'evil.example' });
      assertProblem(t, await call(created.url, { body: { verifiablePresentation: otherDomain } }), 422, 'another domain');

      const genuine = await didAuthPresentation(holder, { challenge: view.challenge, domain: view.domain });
      const tampered = { ...genuine, holder: intruder.did };
      assertProblem(t, await call(created.url, { body: { verifiablePresentation: tampered } }), 422, 'holder changed after signing');
      const forged = structuredClone(genuine) as { proof: { proofValue: string } };
      forged.proof.proofValue = `z${'1'.repeat(86)}`;
      assertProblem(t, await call(created.url, { body: { verifiablePresentation: forged } }), 422, 'a forged signature');
      assertProblem(t, await call(created.url, { body: { verifiablePresentation: { holder: holder.did } } }), 422, 'not a presentation');
      t.deepEqual(await issuanceCounts(issuer), before, 'nothing issued, nothing logged');

      // An expired offer is refused even with a perfect presentation.
      const short = await offer(issuer, board, { expiresInMinutes: 1 });
      await (await sharedDatabase('issuer', backend)).db
        .updateTable('credential_offers')
        .set({ expires_at: new Date(Date.now() - 1000) })
        .where('id', '=', short.offerId)
        .execute();
      const shortView = await call(short.url);
      assertProblem(t, shortView, 410, 'an expired offer is not shown');
      const expiredAttempt = await didAuthPresentation(holder, { challenge: short.challenge, domain: view.domain });
      const mid = await issuanceCounts(issuer);
      const expired = assertProblem(t, await call(short.url, { body: { verifiablePresentation: expiredAttempt } }), 410, 'an expired offer');
      t.regex(expired.detail ?? '', /expired/);
      t.deepEqual(await issuanceCounts(issuer), mid);

      // The genuine answer still works afterwards: refusals did not spend the offer.
      t.is((await call(created.url, { body: { verifiablePresentation: genuine } })).status, 201);
    } finally {
      await issuer.close();
    }
  });

  test.serial(`creating an offer validates the credential and the tenant's rights [${backend}]`, async (t) => {
    const issuer = await startTestIssuer(backend);
    try {
      const { board, cme } = await demoTenants(issuer);
      const before = await issuanceCounts(issuer);
      const url = (tenant: Tenant) => `${issuer.url}/issuers/${tenant.id}/offers`;
      const withDid = assertProblem(
        t,
        await call(url(board), { token: board.token, body: { credential: unsignedCredential('MedicalLicenseCredential', generateDidKey().did) } }),
        422,
      );
      t.deepEqual((withDid.errors ?? []).map((e) => e.path), ['credential.credentialSubject.id']);
      const badNpi = assertProblem(
        t,
        await call(url(board), { token: board.token, body: { credential: unsignedCredential('MedicalLicenseCredential', undefined, { npi: '12' }) } }),
        422,
      );
      t.deepEqual((badNpi.errors ?? []).map((e) => e.path), ['credential.credentialSubject.npi']);
      assertProblem(t, await call(url(cme), { token: cme.token, body: { credential: unsignedCredential('MedicalLicenseCredential', undefined) } }), 403);
      assertProblem(t, await call(url(board), { token: board.token, body: { credential: unsignedCredential('MedicalLicenseCredential', undefined), expiresInMinutes: 0 } }), 400);
      assertProblem(t, await call(url(board), { body: { credential: unsignedCredential('MedicalLicenseCredential', undefined) } }), 401);
      t.deepEqual(await issuanceCounts(issuer), before);
    } finally {
      await issuer.close();
    }
  });
}
