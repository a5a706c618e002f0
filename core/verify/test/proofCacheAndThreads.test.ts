import test from 'ava';
import { generateDidKey } from '../../crypto/didKey.ts';
import type { CheckResult } from '../checkResult.ts';
import { parseReceipt, verifyReceipt, type Receipt } from '../logReceipt.ts';
import { checkPresentation } from '../presentationChecks.ts';
import { VerifiedProofCache } from '../proofCache.ts';
import { inProcessProofVerifier, threadedProofVerifier, type ProofVerifier } from '../proofVerifier.ts';
import { checkCredentialProof, checkPresentationProofs } from '../proofs.ts';
import { testContext, trustedRecord } from './fixtures/context.ts';
import { MiniIssuerService, type Tenant } from './fixtures/miniIssuer.ts';
import { signedPresentation } from './fixtures/presentations.ts';

/**
 * The fast path of verification must decide exactly what the reference decides: proofs verified
 * on worker threads equal those verified on the event loop, the cache answers only for the exact
 * bytes it verified, and receipts sent with a presentation replace the fetch from the issuer.
 */
type Json = Record<string, unknown>;

let service: MiniIssuerService;
let board: Tenant;
let cme: Tenant;
let threads: ProofVerifier;
let loneOnLoop: ProofVerifier;
const holder = generateDidKey();
const binding = { challenge: 'c-5e0d1f', domain: 'hospital.example:4200' };

test.before(async () => {
  service = await MiniIssuerService.start();
  board = service.tenant('New York State Board of Medicine');
  cme = service.tenant('RSNA Education');
  // Every job on the threads, even a lone verification's, so that these tests exercise them.
  threads = threadedProofVerifier(2, { loneWorkOnEventLoop: false });
  // As services run it: a lone verification's small work on the event loop.
  loneOnLoop = threadedProofVerifier(2);
});
test.after.always(async () => {
  await threads.close();
  await loneOnLoop.close();
  await service.close();
});

function context() {
  return testContext(service, [
    trustedRecord(service, board, 'state-medical-board', ['MedicalLicenseCredential'], ['US-NY']),
    trustedRecord(service, cme, 'cme-provider', ['CMECreditCredential']),
  ]);
}

function tampered(credential: Json): Json {
  const copy = structuredClone(credential);
  (copy.credentialSubject as Json).name = 'Dr. Mallory Forge';
  return copy;
}

function verdicts(results: readonly CheckResult[]): Array<[boolean, string]> {
  return results.map((r) => [r.ok, r.code]);
}

test('worker threads decide every credential proof exactly as the event loop does', async (t) => {
  const license = await service.issue(board, 'MedicalLicenseCredential', holder.did);
  const credit = await service.issue(cme, 'CMECreditCredential', holder.did, {}, { suite: 'eddsa-rdfc-2022' });
  const otherKey = structuredClone(license.credential);
  (otherKey.proof as Json).verificationMethod = `${generateDidKey().did}#z6Mk`;
  const noProof = structuredClone(license.credential);
  delete noProof.proof;
  const inputs: Json[] = [license.credential, credit.credential, tampered(license.credential), tampered(credit.credential), otherKey, noProof];
  const onLoop = await Promise.all(inputs.map((c) => checkCredentialProof(c)));
  const onThreads = await Promise.all(inputs.map((c) => checkCredentialProof(c, { proofVerifier: threads })));
  t.deepEqual(verdicts(onThreads), verdicts(onLoop));
  t.deepEqual(
    onLoop.map((r) => r.ok),
    [true, true, false, false, false, false],
  );
  t.is(onLoop[2]?.code, 'proof.signature_invalid');
});

test('worker threads decide presentation proofs exactly as the event loop does', async (t) => {
  const license = await service.issue(board, 'MedicalLicenseCredential', holder.did);
  const vp = await signedPresentation(holder, [license.credential], binding);
  const altered = structuredClone(vp);
  (altered.verifiableCredential as Json[])[0] = tampered(license.credential);
  const wrongChallenge = await signedPresentation(holder, [license.credential], { ...binding, challenge: 'another' });
  const byThief = await signedPresentation(generateDidKey(), [license.credential], binding, { holder: holder.did });
  for (const presentation of [vp, altered, wrongChallenge, byThief]) {
    const onLoop = await checkPresentationProofs(presentation, { proofVerifier: inProcessProofVerifier() });
    const onThreads = await checkPresentationProofs(presentation, { proofVerifier: threads });
    t.deepEqual(verdicts([onThreads.presentation, ...onThreads.credentials]), verdicts([onLoop.presentation, ...onLoop.credentials]));
  }
  const good = await checkPresentationProofs(vp, { proofVerifier: threads });
  t.true(good.presentation.ok);
  const bad = await checkPresentationProofs(altered, { proofVerifier: threads });
  t.false(bad.presentation.ok);
  t.false(bad.credentials[0]?.ok);
});

test('the proof cache answers only for the exact bytes it verified, and never remembers a failure', async (t) => {
  const license = await service.issue(board, 'MedicalLicenseCredential', holder.did);
  const cache = new VerifiedProofCache();
  const first = await checkCredentialProof(license.credential, { proofCache: cache });
  t.true(first.ok);
  t.is(cache.size, 1);
  const again = await checkCredentialProof(structuredClone(license.credential), { proofCache: cache });
  t.deepEqual(again, first);
  t.is(cache.hits, 1);

  // One changed field is other bytes: a miss, verified, and refused.
  const forged = await checkCredentialProof(tampered(license.credential), { proofCache: cache });
  t.false(forged.ok);
  t.is(forged.code, 'proof.signature_invalid');
  t.is(cache.size, 1);
  const forgedAgain = await checkCredentialProof(tampered(license.credential), { proofCache: cache });
  t.false(forgedAgain.ok);
  t.is(cache.hits, 1);
});

test('the proof cache is bounded: the oldest entries leave first', (t) => {
  const cache = new VerifiedProofCache({ maxEntries: 2 });
  const pass: CheckResult = { check: 'credential.proof', ok: true, code: 'ok', detail: 'verifies' };
  cache.remember('a', pass);
  cache.remember('b', pass);
  cache.remember('c', pass);
  t.is(cache.size, 2);
  t.is(cache.get('a'), undefined);
  t.deepEqual(cache.get('c'), pass);
  t.is(VerifiedProofCache.keyOf({ proof: { type: 'Ed25519Signature2020' } }), undefined, 'no verification method, no key');
});

test('receipts sent with a presentation are checked without asking the issuer; a wrong one fails', async (t) => {
  const license = await service.issue(board, 'MedicalLicenseCredential', holder.did);
  const credit = await service.issue(cme, 'CMECreditCredential', holder.did);
  const vp = await signedPresentation(holder, [license.credential, credit.credential], binding);
  const withReceipts = context();
  const fetchesBefore = withReceipts.receipts.fetches;
  const report = await checkPresentation(vp, binding, withReceipts, { receipts: [license.receipt, credit.receipt] });
  for (const credential of report.credentials) t.true(credential.verified, JSON.stringify(credential.checks));
  t.is(withReceipts.receipts.fetches, fetchesBefore, 'no receipt was fetched');

  // The second credential presented with the first one's receipt: its inclusion is not proved.
  const swapped = await checkPresentation(vp, binding, context(), { receipts: [license.receipt, license.receipt] });
  t.true(swapped.credentials[0]?.verified);
  const inclusion = swapped.credentials[1]?.checks.find((c) => c.check === 'credential.log_inclusion');
  t.false(inclusion?.ok);

  // null means "fetch it": the same verdict as with no receipts at all.
  const fetched = context();
  const mixed = await checkPresentation(vp, binding, fetched, { receipts: [license.receipt, null] });
  for (const credential of mixed.credentials) t.true(credential.verified, JSON.stringify(credential.checks));
  t.is(fetched.receipts.fetches, 1);
});

test('worker threads decide log receipts exactly as the event loop does', async (t) => {
  const license = await service.issue(board, 'MedicalLicenseCredential', holder.did);
  const credit = await service.issue(cme, 'CMECreditCredential', holder.did);
  const good = parseReceipt(license.receipt);
  const other = parseReceipt(credit.receipt);
  if (!good || !other) throw new Error('the mini issuer returned no receipt');
  const cases: Array<[Json, string, Receipt]> = [
    [license.credential, board.did, good],
    [license.credential, board.did, other],
    [license.credential, cme.did, good],
    [tampered(license.credential), board.did, good],
    [license.credential, board.did, { ...good, proof: good.proof.replace(/\n\n/, '\nbroken\n\n') }],
  ];
  for (const [credential, issuer, receipt] of cases) {
    const here = verifyReceipt(credential, issuer, receipt, service.logKey);
    const there = await threads.receipt(credential, issuer, receipt, service.logKey);
    t.deepEqual(there, here);
  }
  t.true((await threads.receipt(license.credential, board.did, good, service.logKey)).ok);
  t.false((await threads.receipt(license.credential, board.did, other, service.logKey)).ok);
});

test('a lone verification kept on the event loop decides as the threads do, one at a time and among others', async (t) => {
  const license = await service.issue(board, 'MedicalLicenseCredential', holder.did);
  const credit = await service.issue(cme, 'CMECreditCredential', holder.did, {}, { suite: 'eddsa-rdfc-2022' });
  const inputs: Json[] = [license.credential, credit.credential, tampered(license.credential), tampered(credit.credential)];
  const onThreads = await Promise.all(inputs.map((c) => checkCredentialProof(c, { proofVerifier: threads })));
  const alone: CheckResult[] = [];
  for (const credential of inputs) alone.push(await checkCredentialProof(credential, { proofVerifier: loneOnLoop }));
  const together = await Promise.all(inputs.map((c) => checkCredentialProof(c, { proofVerifier: loneOnLoop })));
  t.deepEqual(alone, onThreads);
  t.deepEqual(together, onThreads);

  const vp = await signedPresentation(holder, [license.credential], binding);
  const altered = structuredClone(vp);
  (altered.verifiableCredential as Json[])[0] = tampered(license.credential);
  for (const presentation of [vp, altered]) {
    const here = await checkPresentationProofs(presentation, { proofVerifier: loneOnLoop });
    const there = await checkPresentationProofs(presentation, { proofVerifier: threads });
    t.deepEqual(here, there);
  }
  const good = parseReceipt(license.receipt);
  if (!good) throw new Error('the mini issuer returned no receipt');
  t.deepEqual(await loneOnLoop.receipt(license.credential, board.did, good, service.logKey), await threads.receipt(license.credential, board.did, good, service.logKey));
  t.deepEqual(await loneOnLoop.receipt(tampered(license.credential), board.did, good, service.logKey), await threads.receipt(tampered(license.credential), board.did, good, service.logKey));
});
