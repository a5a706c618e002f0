import test from 'ava';
import { generateDidKey } from '../../crypto/didKey.ts';
import type { CheckResult } from '../checkResult.ts';
import { checkCredential } from '../credentialChecks.ts';
import { checkCredentialProof } from '../proofs.ts';
import { testContext, trustedRecord } from './fixtures/context.ts';
import { MiniIssuerService, type Tenant } from './fixtures/miniIssuer.ts';

type Json = Record<string, unknown>;

let service: MiniIssuerService;
let board: Tenant;
let abr: Tenant;
let cme: Tenant;
const holder = generateDidKey();

test.before(async () => {
  service = await MiniIssuerService.start();
  board = service.tenant('New York State Board of Medicine');
  abr = service.tenant('American Board of Radiology');
  cme = service.tenant('RSNA Education');
});
test.after.always(async () => service.close());

function registry() {
  return [
    trustedRecord(service, board, 'state-medical-board', ['MedicalLicenseCredential'], ['US-NY']),
    trustedRecord(service, abr, 'specialty-board', ['BoardCertificationCredential']),
    trustedRecord(service, cme, 'cme-provider', ['CMECreditCredential']),
  ];
}

async function run(credential: Json, receipt?: unknown, options: { now?: Date; registry?: ReturnType<typeof registry> } = {}) {
  const context = testContext(service, options.registry ?? registry(), options.now ? { now: options.now } : {});
  const proof = await checkCredentialProof(credential);
  return checkCredential(credential, proof, { inPresentation: false, ...(receipt === undefined ? {} : { receipt }) }, context);
}

function byName(checks: readonly CheckResult[], name: string): CheckResult {
  const found = checks.find((c) => c.check === name);
  if (!found) throw new Error(`no ${name} check in ${JSON.stringify(checks)}`);
  return found;
}

for (const [label, options] of [
  ['VC 2.0, Ed25519Signature2020', { version: 2 as const }],
  ['VC 2.0, eddsa-rdfc-2022', { version: 2 as const, suite: 'eddsa-rdfc-2022' as const }],
  ['VC 1.1, Ed25519Signature2020', { version: 1 as const }],
  ['VC 1.1, eddsa-rdfc-2022', { version: 1 as const, suite: 'eddsa-rdfc-2022' as const }],
] as const) {
  test(`a valid license passes every check (${label})`, async (t) => {
    const { credential, receipt } = await service.issue(board, 'MedicalLicenseCredential', holder.did, {}, options);
    const withReceipt = await run(credential, receipt);
    t.true(withReceipt.verified, JSON.stringify(withReceipt.checks, null, 1));
    t.deepEqual(
      withReceipt.checks.map((c) => c.check),
      ['credential.proof', 'credential.issuer_trusted', 'credential.validity_window', 'credential.status.revocation', 'credential.status.suspension', 'credential.log_inclusion'],
    );
    // Without a receipt the verifier fetches one from the issuer's registered base URL (tlog-proof + entry bundle).
    const fetched = await run(credential);
    t.true(fetched.verified, JSON.stringify(fetched.checks, null, 1));
    t.is(fetched.summary, 'MD US-NY #298311 · active · unrestricted · expires 2030-06-30');
  });
}

test('a tampered credential fails its proof, and its receipt no longer matches', async (t) => {
  const { credential, receipt } = await service.issue(board, 'MedicalLicenseCredential', holder.did);
  for (const tamper of [
    (c: Json) => ((c.credentialSubject as Json).licenseNumber = '999999'),
    (c: Json) => ((c.credentialSubject as Json).restrictions = []) && ((c.credentialSubject as Json).licenseStatus = 'probation'),
    (c: Json) => (c.validUntil = '2099-01-01T00:00:00Z'),
    (c: Json) => (c.id = 'urn:uuid:00000000-0000-4000-8000-000000000000'),
  ]) {
    const forged = structuredClone(credential);
    tamper(forged);
    const report = await run(forged, receipt);
    t.false(report.verified);
    t.like(byName(report.checks, 'credential.proof'), { ok: false, code: 'proof.signature_invalid' });
    t.like(byName(report.checks, 'credential.log_inclusion'), { ok: false, code: 'log.receipt.hash_mismatch' });
  }
});

test('a tampered proof fails', async (t) => {
  const { credential } = await service.issue(cme, 'CMECreditCredential', holder.did);
  const forged = structuredClone(credential);
  const proof = forged.proof as Json;
  const value = proof.proofValue as string;
  proof.proofValue = `${value.slice(0, 20)}${value[20] === 'A' ? 'B' : 'A'}${value.slice(21)}`;
  const report = await run(forged);
  t.like(byName(report.checks, 'credential.proof'), { ok: false, code: 'proof.signature_invalid' });
  const missing = structuredClone(credential);
  delete missing.proof;
  t.like(byName((await run(missing)).checks, 'credential.proof'), { ok: false, code: 'proof.missing' });
});

test('a valid credential from an untrusted DID is refused, and its issuer is not contacted', async (t) => {
  const stranger = service.tenant('Unknown Board');
  const { credential, receipt } = await service.issue(stranger, 'MedicalLicenseCredential', holder.did);
  const before = service.hits.length;
  const report = await run(credential, receipt);
  t.like(byName(report.checks, 'credential.proof'), { ok: true });
  t.like(byName(report.checks, 'credential.issuer_trusted'), { ok: false, code: 'issuer.untrusted' });
  t.like(byName(report.checks, 'credential.status.revocation'), { ok: false, code: 'not_checked' });
  t.is(service.hits.length, before);
});

test('a license from a CME provider, and a license for another state, are refused', async (t) => {
  const fromCme = await service.issue(cme, 'MedicalLicenseCredential', holder.did);
  t.like(byName((await run(fromCme.credential, fromCme.receipt)).checks, 'credential.issuer_trusted'), { ok: false, code: 'issuer.type_not_trusted' });
  // Even a registry entry that (wrongly) lists licenses for a CME provider does not make it a licensing board.
  const misconfigured = [...registry().filter((r) => r.did !== cme.did), trustedRecord(service, cme, 'cme-provider', ['CMECreditCredential', 'MedicalLicenseCredential'], ['US-NY'])];
  t.like(byName((await run(fromCme.credential, fromCme.receipt, { registry: misconfigured })).checks, 'credential.issuer_trusted'), { ok: false, code: 'issuer.wrong_kind' });
  const otherState = await service.issue(board, 'MedicalLicenseCredential', holder.did, { jurisdiction: 'US-PA' });
  const report = await run(otherState.credential, otherState.receipt);
  t.like(byName(report.checks, 'credential.issuer_trusted'), { ok: false, code: 'issuer.wrong_jurisdiction' });
  t.regex(byName(report.checks, 'credential.issuer_trusted').detail, /US-PA/);
});

test('expired and not yet valid credentials fail the validity window', async (t) => {
  const expired = await service.issue(abr, 'BoardCertificationCredential', holder.did, {}, { validFrom: new Date('2020-01-01'), validUntil: new Date('2021-01-01') });
  t.like(byName((await run(expired.credential, expired.receipt)).checks, 'credential.validity_window'), { ok: false, code: 'validity.expired' });
  const future = await service.issue(abr, 'BoardCertificationCredential', holder.did, {}, { validFrom: new Date(Date.now() + 7 * 86_400_000) });
  const report = await run(future.credential, future.receipt);
  t.like(byName(report.checks, 'credential.validity_window'), { ok: false, code: 'validity.not_yet_valid' });
  t.like(byName(report.checks, 'credential.proof'), { ok: true });
  const v1Expired = await service.issue(abr, 'BoardCertificationCredential', holder.did, {}, { version: 1, validFrom: new Date('2020-01-01'), validUntil: new Date('2021-01-01') });
  t.like(byName((await run(v1Expired.credential, v1Expired.receipt)).checks, 'credential.validity_window'), { ok: false, code: 'validity.expired' });
});

test('revoked and suspended credentials fail their status checks', async (t) => {
  const revoked = await service.issue(board, 'MedicalLicenseCredential', holder.did);
  service.setStatus(board, revoked.credential, 'revocation', true);
  const suspended = await service.issue(board, 'MedicalLicenseCredential', holder.did);
  service.setStatus(board, suspended.credential, 'suspension', true);
  const r = await run(revoked.credential, revoked.receipt);
  t.like(byName(r.checks, 'credential.status.revocation'), { ok: false, code: 'status.revoked' });
  t.like(byName(r.checks, 'credential.status.suspension'), { ok: true });
  const s = await run(suspended.credential, suspended.receipt);
  t.like(byName(s.checks, 'credential.status.suspension'), { ok: false, code: 'status.suspended' });
  t.like(byName(s.checks, 'credential.status.revocation'), { ok: true });
  t.deepEqual(s.statuses.map((o) => [o.purpose, o.value]), [['revocation', false], ['suspension', true]]);
});

test('a status list outside the issuer\'s registered base URL is never fetched', async (t) => {
  const elsewhere = await MiniIssuerService.start();
  try {
    const { credential, receipt } = await service.issue(board, 'MedicalLicenseCredential', holder.did, {}, { statusBase: elsewhere.url });
    const report = await run(credential, receipt);
    t.like(byName(report.checks, 'credential.status.revocation'), { ok: false, code: 'status.url_not_registered' });
    t.deepEqual(elsewhere.hits, []);
  } finally {
    await elsewhere.close();
  }
});

test('a credential missing from the log, or with a receipt for another credential, fails log inclusion', async (t) => {
  const unlogged = await service.issue(board, 'MedicalLicenseCredential', holder.did, {}, { log: false });
  t.like(byName((await run(unlogged.credential)).checks, 'credential.log_inclusion'), { ok: false, code: 'log.not_found' });
  const other = await service.issue(board, 'MedicalLicenseCredential', holder.did);
  t.like(byName((await run(unlogged.credential, other.receipt)).checks, 'credential.log_inclusion'), { ok: false, code: 'log.receipt.hash_mismatch' });
  const badProof = { ...other.receipt, proof: (other.receipt.proof as string).replace(/\nindex (\d+)\n/, (_, n: string) => `\nindex ${Number(n) + 1}\n`) };
  t.false(byName((await run(other.credential, badProof)).checks, 'credential.log_inclusion').ok);
});

test('a receipt whose checkpoint is not consistent with the trusted one is refused', async (t) => {
  const { credential } = await service.issue(board, 'MedicalLicenseCredential', holder.did);
  const context = testContext(service, registry());
  // The verifier has seen the real log...
  t.true((await context.monitor.update()).ok);
  // ...and is then shown a fork: a checkpoint signed by the same key over a different history.
  const forked = service.forkedReceipt(credential, board.did);
  const proof = await checkCredentialProof(credential);
  const report = await checkCredential(credential, proof, { inPresentation: false, receipt: forked }, context);
  t.like(byName(report.checks, 'credential.log_inclusion'), { ok: false, code: 'log.checkpoint.inconsistent' });
});
