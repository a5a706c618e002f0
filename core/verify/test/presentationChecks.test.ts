import test from 'ava';
import { generateDidKey } from '../../crypto/didKey.ts';
import type { CheckResult } from '../checkResult.ts';
import { checkPresentation } from '../presentationChecks.ts';
import { testContext, trustedRecord } from './fixtures/context.ts';
import { MiniIssuerService, type Tenant } from './fixtures/miniIssuer.ts';
import { signedPresentation } from './fixtures/presentations.ts';

type Json = Record<string, unknown>;

let service: MiniIssuerService;
let board: Tenant;
let cme: Tenant;
const holder = generateDidKey();
const binding = { challenge: 'c-1b2f9a', domain: 'hospital.example:4200' };

test.before(async () => {
  service = await MiniIssuerService.start();
  board = service.tenant('New York State Board of Medicine');
  cme = service.tenant('RSNA Education');
});
test.after.always(async () => service.close());

function context() {
  return testContext(service, [
    trustedRecord(service, board, 'state-medical-board', ['MedicalLicenseCredential'], ['US-NY']),
    trustedRecord(service, cme, 'cme-provider', ['CMECreditCredential']),
  ]);
}

function byName(checks: readonly CheckResult[], name: string): CheckResult {
  const found = checks.find((c) => c.check === name);
  if (!found) throw new Error(`no ${name} check in ${JSON.stringify(checks)}`);
  return found;
}

test('a presentation by the holder, answering the challenge and domain, passes every check', async (t) => {
  const license = await service.issue(board, 'MedicalLicenseCredential', holder.did);
  const credit = await service.issue(cme, 'CMECreditCredential', holder.did, {}, { suite: 'eddsa-rdfc-2022' });
  const vp = await signedPresentation(holder, [license.credential, credit.credential], binding);
  const report = await checkPresentation(vp, binding, context());
  t.deepEqual(report.checks.map((c) => [c.check, c.ok]), [['presentation.proof', true], ['presentation.challenge', true], ['presentation.domain', true]]);
  t.is(report.credentials.length, 2);
  for (const credential of report.credentials) t.true(credential.verified, JSON.stringify(credential.checks));
  t.like(byName(report.credentials[0]?.checks ?? [], 'credential.holder_binding'), { ok: true });
  t.is(report.holder, holder.did);
});

test('holder ≠ subject fails holder binding', async (t) => {
  const someoneElse = generateDidKey();
  const license = await service.issue(board, 'MedicalLicenseCredential', someoneElse.did);
  const vp = await signedPresentation(holder, [license.credential], binding);
  const report = await checkPresentation(vp, binding, context());
  t.like(byName(report.checks, 'presentation.proof'), { ok: true });
  t.like(byName(report.credentials[0]?.checks ?? [], 'credential.holder_binding'), { ok: false, code: 'holder.mismatch' });
});

test('a presentation naming a holder whose key did not sign it fails its proof', async (t) => {
  const license = await service.issue(board, 'MedicalLicenseCredential', holder.did);
  const thief = generateDidKey();
  const vp = await signedPresentation(thief, [license.credential], binding, { holder: holder.did });
  const report = await checkPresentation(vp, binding, context());
  t.like(byName(report.checks, 'presentation.proof'), { ok: false, code: 'proof.not_holder' });
});

test('a wrong challenge or domain fails its own check; a tampered presentation fails its proof', async (t) => {
  const license = await service.issue(board, 'MedicalLicenseCredential', holder.did);
  const vp = await signedPresentation(holder, [license.credential], binding);
  const wrong = await checkPresentation(vp, { challenge: 'another', domain: 'evil.example' }, context());
  t.like(byName(wrong.checks, 'presentation.proof'), { ok: true });
  t.like(byName(wrong.checks, 'presentation.challenge'), { ok: false, code: 'challenge.mismatch' });
  t.like(byName(wrong.checks, 'presentation.domain'), { ok: false, code: 'domain.mismatch' });

  const tampered = structuredClone(vp);
  (tampered.proof as Json).challenge = 'another';
  const report = await checkPresentation(tampered, { challenge: 'another', domain: binding.domain }, context());
  t.like(byName(report.checks, 'presentation.proof'), { ok: false, code: 'proof.signature_invalid' });

  const swapped = structuredClone(vp);
  ((swapped.verifiableCredential as Json[])[0]?.credentialSubject as Json).licenseNumber = '1';
  const swappedReport = await checkPresentation(swapped, binding, context());
  t.like(byName(swappedReport.checks, 'presentation.proof'), { ok: false, code: 'proof.signature_invalid' });
  t.like(byName(swappedReport.credentials[0]?.checks ?? [], 'credential.proof'), { ok: false, code: 'proof.signature_invalid' });
});

test('a presentation carrying a remote @context is refused without any network request', async (t) => {
  const license = await service.issue(board, 'MedicalLicenseCredential', holder.did);
  const remote = `${service.url}/contexts/evil.jsonld`;
  const hitsBefore = service.hits.length;
  const fetched: string[] = [];
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    fetched.push(String(input instanceof Request ? input.url : input));
    return realFetch(input, init);
  }) as typeof fetch;
  try {
    const onPresentation: Json = { ...(await signedPresentation(holder, [license.credential], binding)), '@context': ['https://www.w3.org/ns/credentials/v2', remote] };
    const inCredential = structuredClone(onPresentation);
    inCredential['@context'] = ['https://www.w3.org/ns/credentials/v2', 'https://w3id.org/security/suites/ed25519-2020/v1'];
    ((inCredential.verifiableCredential as Json[])[0] as Json)['@context'] = ['https://www.w3.org/ns/credentials/v2', remote];
    for (const vp of [onPresentation, inCredential]) {
      const report = await checkPresentation(vp, binding, { ...context(), only: new Set(['presentation.proof', 'credential.proof']) });
      t.like(byName(report.checks, 'presentation.proof'), { ok: false, code: 'context.refused' });
      t.regex(byName(report.checks, 'presentation.proof').detail, /not one this verifier bundles/);
    }
  } finally {
    globalThis.fetch = realFetch;
  }
  t.deepEqual(fetched.filter((u) => u.includes('/contexts/')), []);
  t.deepEqual(service.hits.slice(hitsBefore).filter((p) => p.includes('/contexts/')), []);
});

test('an unsigned presentation or one without a challenge fails its proof', async (t) => {
  const license = await service.issue(board, 'MedicalLicenseCredential', holder.did);
  const vp = await signedPresentation(holder, [license.credential], binding);
  const unsigned = structuredClone(vp);
  delete unsigned.proof;
  const report = await checkPresentation(unsigned, binding, context());
  t.like(byName(report.checks, 'presentation.proof'), { ok: false, code: 'proof.missing' });
  t.true(report.credentials[0]?.checks.find((c) => c.check === 'credential.proof')?.ok);
  t.like(byName(report.checks, 'presentation.challenge'), { ok: false, code: 'challenge.missing' });
});
