import test from 'ava';
import { signedPresentation } from '../../core/verify/test/fixtures/presentations.ts';
import { call, useVerifiers, verifierFor } from './fixtures/harness.ts';
import { miniWorld, qualifyingCredentials } from './fixtures/miniSeed.ts';

type Json = Record<string, unknown>;

for (const backend of useVerifiers(test)) {
  test(`presentation request: staff ask, the wallet answers without a token, staff read the report, the monitor flags a suspension [${backend}]`, async (t) => {
    const verifier = await verifierFor(backend);
    const world = await miniWorld(verifier);
    try {
      const created = await call(verifier.url, 'POST', '/requests', { body: { policyId: world.policyId, applicant: { name: 'Dr. Ana Rivera', npi: '1234567893' } } });
      t.is(created.status, 201, JSON.stringify(created.body));
      const url = created.body.url as string;
      t.true(url.startsWith(`${verifier.url}/requests/${created.body.id as string}/`));

      const read = await call(verifier.url, 'GET', url, { token: null });
      t.is(read.status, 200, JSON.stringify(read.body));
      const request = read.body;
      t.is(request.type, 'VerifiablePresentationRequest');
      t.is(request.domain, new URL(verifier.url).host);
      t.is(request.presentationUrl, `${url}/presentations`);
      const queries = ((request.query as Json[])[0] as Json).credentialQuery as Json[];
      t.deepEqual(queries.map((q) => (q.example as Json).type), ['MedicalLicenseCredential', 'BoardCertificationCredential', 'CMECreditCredential']);
      t.deepEqual(((queries[0] as Json).example as Json).credentialSubject, { jurisdiction: ['US-NY', 'US-NJ'] });
      t.is((queries[2] as Json).multiple, true);

      const credentials = await qualifyingCredentials(world);
      const vp = await signedPresentation(world.holder, credentials, { challenge: request.challenge as string, domain: request.domain as string });
      const answered = await call(verifier.url, 'POST', request.presentationUrl as string, { token: null, body: { verifiablePresentation: vp } });
      t.is(answered.status, 200, JSON.stringify(answered.body, null, 1));
      const report = answered.body;
      t.is(report.decision, 'accepted');
      t.is(report.verified, true);
      t.is(report.requestId, created.body.id);
      t.deepEqual(((report.presentation as Json).checks as Json[]).map((c) => [c.check, c.ok]), [
        ['presentation.proof', true],
        ['presentation.challenge', true],
        ['presentation.domain', true],
        ['presentation.replay', true],
      ]);
      const reported = report.credentials as Json[];
      t.is(reported.length, 5);
      for (const credential of reported) {
        t.is((credential.checks as Json[]).length, 7);
        t.true(credential.verified as boolean);
      }
      t.is((reported[0] as Json).summary, 'MD US-NY #298311 · active · unrestricted · expires 2030-06-30');
      t.deepEqual((reported[0] as Json).issuer, { did: world.board.did, name: world.board.name });
      const policy = report.policy as Json;
      t.true(policy.satisfied as boolean);
      const requirements = policy.requirements as Json[];
      t.deepEqual(requirements.map((r) => r.met), [true, true, true]);
      t.deepEqual((requirements[0] as Json).evidence, [credentials[0]?.id]);
      t.is((requirements[2] as Json).evidence && ((requirements[2] as Json).evidence as string[]).length, 3);
      t.regex((requirements[2] as Json).detail as string, /^75 AMA PRA Category 1 Credit from 3 activities/);

      // Staff read what was asked, by whom, when, what was presented and decided.
      const staffView = await call(verifier.url, 'GET', `/requests/${created.body.id as string}`);
      t.is(staffView.status, 200);
      t.like(staffView.body, { status: 'accepted', requestedBy: 'admin', applicant: { name: 'Dr. Ana Rivera', npi: '1234567893' } });
      t.is((staffView.body.report as Json).reportId, report.reportId);
      t.deepEqual(staffView.body.presented, vp);
      t.is(typeof staffView.body.answeredAt, 'string');
      // The request is answered: the wallet can no longer read it, and anyone without a token cannot read the staff view.
      t.is((await call(verifier.url, 'GET', url, { token: null })).status, 410);
      t.is((await call(verifier.url, 'GET', `/requests/${created.body.id as string}`, { token: null })).status, 401);

      // The board suspends the license; the monitor notices without anyone asking.
      const quiet = await verifier.monitor.runOnce();
      t.true(quiet.checked >= 5);
      t.is(quiet.alerts, 0);
      world.issuer.setStatus(world.board, credentials[0] as Json, 'suspension', true);
      const pass = await verifier.monitor.runOnce();
      t.is(pass.alerts, 1);
      const alerts = await call(verifier.url, 'GET', '/alerts');
      const alert = (alerts.body.alerts as Json[]).find((a) => a.credentialId === credentials[0]?.id);
      t.like(alert, { kind: 'suspended', requestId: created.body.id, reportId: report.reportId });
      t.regex(alert?.detail as string, /suspended MedicalLicenseCredential "MD US-NY #298311/);
      t.is((await verifier.monitor.runOnce()).alerts, 0, 'an unchanged status raises no new alert');
      world.issuer.setStatus(world.board, credentials[0] as Json, 'suspension', false);
      t.is((await verifier.monitor.runOnce()).alerts, 1);
      const after = await call(verifier.url, 'GET', '/alerts');
      t.like((after.body.alerts as Json[])[0], { kind: 'reinstated', credentialId: credentials[0]?.id });
    } finally {
      await world.issuer.close();
    }
  });
}
