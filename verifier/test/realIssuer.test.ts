import test from 'ava';
import { generateDidKey } from '../../core/crypto/didKey.ts';
import { signedPresentation } from '../../core/verify/test/fixtures/presentations.ts';
import { call, useVerifiers, verifierFor } from './fixtures/harness.ts';
import { issueReal, setRealStatus, startRealWorld } from './fixtures/realIssuer.ts';

/** The story against the real issuer service: issue → present → verify → suspend → alert; revoke → refused. */
type Json = Record<string, unknown>;

const holderSubject = (did: string) => ({ id: did, name: 'Dr. Ana Rivera', npi: '1234567893' });

for (const backend of useVerifiers(test)) {
  test(`real issuer: credentials issued over HTTP satisfy the policy; a board suspension reaches /alerts; a revocation is refused [${backend}]`, async (t) => {
    const verifier = await verifierFor(backend, { VERIFIER_STATUS_CACHE_SECONDS: '0' });
    const world = await startRealWorld(backend, verifier);
    try {
      const holder = generateDidKey();
      // Issued concurrently: the issuer batches them into one log append.
      const [license, certificate, ...credits] = await Promise.all([
        issueReal(world, world.board, 'MedicalLicenseCredential', {
          ...holderSubject(holder.did),
          jurisdiction: 'US-NY',
          licenseNumber: '298311',
          licenseType: 'MD',
          licenseStatus: 'active',
          issuedOn: '2019-07-01',
          expiresOn: '2030-06-30',
          restrictions: [],
          interstateCompact: false,
        }),
        issueReal(world, world.abr, 'BoardCertificationCredential', {
          ...holderSubject(holder.did),
          board: 'American Board of Radiology',
          boardCode: 'ABR',
          specialty: 'Diagnostic Radiology',
          subspecialties: [],
          certificateType: 'time-limited',
          continuingCertificationStatus: 'meeting-requirements',
          certifiedOn: '2020-06-15',
          validThrough: '2031-12-31',
        }),
        ...['2025-01-20', '2025-10-02', '2026-05-15'].map((date, i) =>
          issueReal(world, world.cme, 'CMECreditCredential', {
            ...holderSubject(holder.did),
            provider: 'RSNA Education',
            accreditor: 'ACCME',
            activityTitle: `Imaging update ${i}`,
            activityId: `RSNA-${i}`,
            activityFormat: 'live',
            completionDate: date,
            creditType: 'AMA PRA Category 1 Credit',
            credits: 26,
          }),
        ),
      ]);
      if (!license || !certificate) throw new Error('issuance failed');

      // The issuer's own receipt verifies through VC-API.
      const withReceipt = await call(verifier.url, 'POST', '/credentials/verify', { body: license });
      t.is(withReceipt.status, 200, JSON.stringify(withReceipt.body, null, 1));

      const created = await call(verifier.url, 'POST', '/requests', { body: { policyId: world.policyId, applicant: { name: 'Dr. Ana Rivera' } } });
      const request = (await call(verifier.url, 'GET', created.body.url as string, { token: null })).body;
      const presented = [license, certificate, ...credits].map((c) => c.verifiableCredential);
      const vp = await signedPresentation(holder, presented, { challenge: request.challenge as string, domain: request.domain as string });
      const answered = await call(verifier.url, 'POST', request.presentationUrl as string, { token: null, body: { verifiablePresentation: vp } });
      t.is(answered.status, 200, JSON.stringify(answered.body, null, 1));
      t.like(answered.body, { decision: 'accepted', verified: true, policy: { satisfied: true } });
      for (const credential of answered.body.credentials as Json[]) {
        t.true((credential.checks as Json[]).every((c) => c.ok));
        t.regex(((credential.checks as Json[]).find((c) => c.check === 'credential.log_inclusion') as Json).detail as string, /^issuance is entry \d+ of \d+ in verifier-test\.example\/log-/);
      }
      t.regex(((answered.body.policy as Json).requirements as Json[])[2]?.detail as string, /^78 AMA PRA Category 1 Credit from 3 activities/);

      // The board suspends the license: the monitor flags the accepted credential by itself.
      t.is((await verifier.monitor.runOnce()).alerts, 0);
      await setRealStatus(world, world.board, license.verifiableCredential.id as string, 'suspension', true);
      await verifier.monitor.runOnce();
      const alerts = (await call(verifier.url, 'GET', '/alerts')).body.alerts as Json[];
      t.like(alerts.find((a) => a.credentialId === license.verifiableCredential.id), { kind: 'suspended', requestId: created.body.id });

      // A revoked CME credit is refused at the next verification.
      const revoked = credits[0]?.verifiableCredential as Json;
      await setRealStatus(world, world.cme, revoked.id as string, 'revocation', true);
      const check = await call(verifier.url, 'POST', '/credentials/verify', { body: { verifiableCredential: revoked } });
      t.is(check.status, 422);
      t.like((check.body.checks as Json[]).find((c) => c.check === 'credential.status.revocation'), { ok: false, code: 'status.revoked' });
    } finally {
      await world.issuer.close();
    }
  });
}
