import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import test, { type ExecutionContext } from 'ava';
import { sql } from 'kysely';
import { generateDidKey } from '../../core/crypto/didKey.ts';
import { signedPresentation } from '../../core/verify/test/fixtures/presentations.ts';
import type { RunningVerifier } from '../server.ts';
import { call, useVerifiers, verifierFor, type HttpResult } from './fixtures/harness.ts';
import { miniWorld, qualifyingCredentials, type MiniWorld } from './fixtures/miniSeed.ts';

/**
 * The bad-input matrix: each case is rejected with a clear, coded reason and nothing is stored as
 * accepted (no accepted report, no monitored credential, the request not accepted).
 */
type Json = Record<string, unknown>;

const worlds = new Map<string, Promise<{ verifier: RunningVerifier; world: MiniWorld }>>();
function setup(backend: string) {
  let ready = worlds.get(backend);
  if (!ready) {
    ready = verifierFor(backend as 'pglite' | 'postgres').then(async (verifier) => ({ verifier, world: await miniWorld(verifier) }));
    worlds.set(backend, ready);
  }
  return ready;
}

const backends = useVerifiers(test);

/**
 * The verifier, the issuer fixture and the tests share one event loop: at most a few cases verify
 * at once, so that no case starves the others' HTTP calls into timeouts on a busy machine.
 */
let running = 0;
const waiting: Array<() => void> = [];
async function limited<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= 4) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await fn();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}
test.after.always(async () => {
  for (const ready of worlds.values()) await (await ready).world.issuer.close();
});

interface Opened {
  readonly id: string;
  readonly url: string;
  readonly request: Json;
}

async function openRequest(verifier: RunningVerifier, world: MiniWorld): Promise<Opened> {
  const created = await call(verifier.url, 'POST', '/requests', { body: { policyId: world.policyId, applicant: { name: 'Dr. Ana Rivera' } } });
  const read = await call(verifier.url, 'GET', created.body.url as string, { token: null });
  return { id: created.body.id as string, url: created.body.url as string, request: read.body };
}

async function answer(verifier: RunningVerifier, opened: Opened, vp: Json): Promise<HttpResult> {
  return call(verifier.url, 'POST', `${opened.url}/presentations`, { token: null, body: { verifiablePresentation: vp } });
}

async function nothingAccepted(t: ExecutionContext, verifier: RunningVerifier, requestId: string): Promise<void> {
  const db = verifier.deps.db;
  const accepted = await db.selectFrom('verification_reports').select(sql<string>`count(*)`.as('n')).where('request_id', '=', requestId).where('decision', '=', 'accepted').executeTakeFirstOrThrow();
  const monitored = await db.selectFrom('monitored_credentials').select(sql<string>`count(*)`.as('n')).where('request_id', '=', requestId).executeTakeFirstOrThrow();
  t.is(Number(accepted.n), 0, 'no accepted report');
  t.is(Number(monitored.n), 0, 'no credential under monitoring');
  const view = await call(verifier.url, 'GET', `/requests/${requestId}`);
  t.not(view.body.status, 'accepted');
}

function failedCheck(report: Json, name: string, index?: number): Json | undefined {
  const checks = index === undefined ? ((report.presentation as Json).checks as Json[]) : (((report.credentials as Json[])[index] as Json).checks as Json[]);
  return checks.find((c) => c.check === name);
}

/** Builds the credentials to present (the qualifying set with one swapped), answers, asserts the coded rejection. */
function credentialCase(
  title: string,
  build: (world: MiniWorld, good: Json[]) => Promise<Json[]>,
  expected: { check: string; code: string; index: number },
): void {
  for (const backend of backends) {
    test(`${title} [${backend}]`, (t) => limited(async () => {
      const { verifier, world } = await setup(backend);
      const opened = await openRequest(verifier, world);
      const credentials = await build(world, await qualifyingCredentials(world));
      const vp = await signedPresentation(world.holder, credentials, { challenge: opened.request.challenge as string, domain: opened.request.domain as string });
      const response = await answer(verifier, opened, vp);
      t.is(response.status, 422, JSON.stringify(response.body, null, 1));
      t.is(response.body.decision, 'rejected');
      t.like(failedCheck(response.body, expected.check, expected.index), { ok: false, code: expected.code });
      t.true((response.body.errors as string[]).some((e) => e.includes(expected.code)), JSON.stringify(response.body.errors));
      await nothingAccepted(t, verifier, opened.id);
    }));
  }
}

credentialCase('a tampered credential (a subject field changed)', async (_w, good) => {
  ((good[0] as Json).credentialSubject as Json).restrictions = [];
  ((good[0] as Json).credentialSubject as Json).licenseNumber = '111111';
  return good;
}, { check: 'credential.proof', code: 'proof.signature_invalid', index: 0 });

credentialCase('a tampered credential (its validity extended)', async (_w, good) => {
  (good[1] as Json).validUntil = '2099-12-31T00:00:00Z';
  return good;
}, { check: 'credential.proof', code: 'proof.signature_invalid', index: 1 });

credentialCase('a tampered proof', async (_w, good) => {
  const proof = (good[2] as Json).proof as Json;
  proof.created = '2020-01-01T00:00:00Z';
  return good;
}, { check: 'credential.proof', code: 'proof.signature_invalid', index: 2 });

credentialCase('a valid credential from an untrusted DID', async (world, good) => {
  const stranger = world.issuer.tenant(`Diploma Mill ${randomBytes(2).toString('hex')}`);
  good[0] = (await world.issuer.issue(stranger, 'MedicalLicenseCredential', world.holder.did)).credential;
  return good;
}, { check: 'credential.issuer_trusted', code: 'issuer.untrusted', index: 0 });

credentialCase('a license from a CME provider', async (world, good) => {
  good[0] = (await world.issuer.issue(world.cme, 'MedicalLicenseCredential', world.holder.did)).credential;
  return good;
}, { check: 'credential.issuer_trusted', code: 'issuer.type_not_trusted', index: 0 });

credentialCase('an expired credential', async (world, good) => {
  good[1] = (await world.issuer.issue(world.abr, 'BoardCertificationCredential', world.holder.did, {}, { validFrom: new Date('2021-01-01'), validUntil: new Date('2024-01-01') })).credential;
  return good;
}, { check: 'credential.validity_window', code: 'validity.expired', index: 1 });

credentialCase('a credential not yet valid', async (world, good) => {
  good[1] = (await world.issuer.issue(world.abr, 'BoardCertificationCredential', world.holder.did, {}, { validFrom: new Date(Date.now() + 30 * 86_400_000) })).credential;
  return good;
}, { check: 'credential.validity_window', code: 'validity.not_yet_valid', index: 1 });

// Status changes go on fresh lists: the verifier caches the lists it has read (TTL), as it should.
credentialCase('a revoked credential', async (world, good) => {
  world.issuer.rotateLists(world.board);
  good[0] = (await world.issuer.issue(world.board, 'MedicalLicenseCredential', world.holder.did)).credential;
  world.issuer.setStatus(world.board, good[0] as Json, 'revocation', true);
  return good;
}, { check: 'credential.status.revocation', code: 'status.revoked', index: 0 });

credentialCase('a suspended credential', async (world, good) => {
  world.issuer.rotateLists(world.abr);
  good[1] = (await world.issuer.issue(world.abr, 'BoardCertificationCredential', world.holder.did)).credential;
  world.issuer.setStatus(world.abr, good[1] as Json, 'suspension', true);
  return good;
}, { check: 'credential.status.suspension', code: 'status.suspended', index: 1 });

credentialCase('a credential missing from the log', async (world, good) => {
  good[2] = (await world.issuer.issue(world.cme, 'CMECreditCredential', world.holder.did, { activityId: 'UNLOGGED' }, { log: false })).credential;
  return good;
}, { check: 'credential.log_inclusion', code: 'log.not_found', index: 2 });

credentialCase('holder ≠ subject', async (world, good) => {
  good[0] = (await world.issuer.issue(world.board, 'MedicalLicenseCredential', generateDidKey().did)).credential;
  return good;
}, { check: 'credential.holder_binding', code: 'holder.mismatch', index: 0 });

for (const backend of backends) {
  test(`a license for another state than the policy's is not evidence [${backend}]`, (t) => limited(async () => {
    const { verifier, world } = await setup(backend);
    const opened = await openRequest(verifier, world);
    const credentials = await qualifyingCredentials(world);
    credentials[0] = (await world.issuer.issue(world.paBoard, 'MedicalLicenseCredential', world.holder.did, { jurisdiction: 'US-PA' })).credential;
    const vp = await signedPresentation(world.holder, credentials, { challenge: opened.request.challenge as string, domain: opened.request.domain as string });
    const response = await answer(verifier, opened, vp);
    t.is(response.status, 422);
    t.true(response.body.verified as boolean, 'every check passes: the PA board is trusted for PA');
    const requirement = ((response.body.policy as Json).requirements as Json[])[0] as Json;
    t.like(requirement, { met: false, evidence: [] });
    t.regex(requirement.detail as string, /US-PA is not US-NY or US-NJ/);
    await nothingAccepted(t, verifier, opened.id);
  }));

  test(`a replayed presentation is refused, also when two answers race [${backend}]`, (t) => limited(async () => {
    const { verifier, world } = await setup(backend);
    const opened = await openRequest(verifier, world);
    const credentials = await qualifyingCredentials(world);
    const vp = await signedPresentation(world.holder, credentials, { challenge: opened.request.challenge as string, domain: opened.request.domain as string });
    const [a, b] = await Promise.all([answer(verifier, opened, vp), answer(verifier, opened, vp)]);
    t.deepEqual([a.status, b.status].sort(), [200, 422]);
    const loser = a.status === 422 ? a : b;
    t.like(failedCheck(loser.body, 'presentation.replay'), { ok: false, code: 'replay.challenge_used' });
    const again = await answer(verifier, opened, vp);
    t.is(again.status, 422);
    t.like(failedCheck(again.body, 'presentation.replay'), { ok: false, code: 'replay.challenge_used' });
    // The replayed presentation was checked and recorded as a rejected attempt; the request keeps its one accepted answer.
    const view = await call(verifier.url, 'GET', `/requests/${opened.id}`);
    t.is(view.body.status, 'accepted');
    t.deepEqual((view.body.attempts as Json[]).map((x) => x.decision).sort(), ['accepted', 'rejected', 'rejected']);
  }));

  test(`an expired challenge, a wrong challenge and a wrong domain are refused [${backend}]`, (t) => limited(async () => {
    const { verifier, world } = await setup(backend);
    const credentials = await qualifyingCredentials(world);

    const expired = await openRequest(verifier, world);
    await verifier.deps.db.updateTable('challenges').set({ expires_at: new Date(Date.now() - 1000) }).where('challenge', '=', expired.request.challenge as string).execute();
    const late = await answer(verifier, expired, await signedPresentation(world.holder, credentials, { challenge: expired.request.challenge as string, domain: expired.request.domain as string }));
    t.is(late.status, 422);
    t.like(failedCheck(late.body, 'presentation.challenge'), { ok: false, code: 'challenge.expired' });
    await nothingAccepted(t, verifier, expired.id);

    const other = await openRequest(verifier, world);
    const wrongChallenge = await answer(verifier, other, await signedPresentation(world.holder, credentials, { challenge: 'made-up-challenge', domain: other.request.domain as string }));
    t.like(failedCheck(wrongChallenge.body, 'presentation.challenge'), { ok: false, code: 'challenge.mismatch' });
    await nothingAccepted(t, verifier, other.id);

    const third = await openRequest(verifier, world);
    const wrongDomain = await answer(verifier, third, await signedPresentation(world.holder, credentials, { challenge: third.request.challenge as string, domain: 'evil.example:443' }));
    t.is(wrongDomain.status, 422);
    t.like(failedCheck(wrongDomain.body, 'presentation.domain'), { ok: false, code: 'domain.mismatch' });
    await nothingAccepted(t, verifier, third.id);
  }));

  test(`an unknown challenge is refused by POST /presentations/verify [${backend}]`, (t) => limited(async () => {
    const { verifier, world } = await setup(backend);
    const credentials = await qualifyingCredentials(world);
    const domain = new URL(verifier.url).host;
    const vp = await signedPresentation(world.holder, credentials.slice(0, 1), { challenge: 'never-issued', domain });
    const response = await call(verifier.url, 'POST', '/presentations/verify', { body: { verifiablePresentation: vp, options: { challenge: 'never-issued', domain } } });
    t.is(response.status, 422);
    t.like((response.body.checks as Json[]).find((c) => c.check === 'presentation.challenge'), { ok: false, code: 'challenge.unknown' });
    const accepted = await verifier.deps.db.selectFrom('verification_reports').select('decision').where('id', '=', response.body.reportId as string).executeTakeFirstOrThrow();
    t.is(accepted.decision, 'rejected');
  }));

  test(`a presentation carrying a remote @context is refused without any network request [${backend}]`, (t) => limited(async () => {
    const { verifier, world } = await setup(backend);
    let contextHits = 0;
    const server = createServer((_req, res) => {
      contextHits += 1;
      res.setHeader('content-type', 'application/ld+json');
      res.end('{"@context":{"licenseNumber":"https://evil.example/n"}}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const remote = `http://127.0.0.1:${(server.address() as AddressInfo).port}/context.jsonld`;
    try {
      const opened = await openRequest(verifier, world);
      const credentials = await qualifyingCredentials(world);
      const vp = await signedPresentation(world.holder, credentials, { challenge: opened.request.challenge as string, domain: opened.request.domain as string });
      (vp['@context'] as string[]).push(remote);
      const response = await answer(verifier, opened, vp);
      t.is(response.status, 422);
      t.like(failedCheck(response.body, 'presentation.proof'), { ok: false, code: 'context.refused' });
      await nothingAccepted(t, verifier, opened.id);
      t.is(contextHits, 0);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }));

  test(`oversized and deeply nested bodies are refused before anything is checked or stored [${backend}]`, (t) => limited(async () => {
    const { verifier, world } = await setup(backend);
    const opened = await openRequest(verifier, world);
    const big = await call(verifier.url, 'POST', `${opened.url}/presentations`, { token: null, rawBody: JSON.stringify({ verifiablePresentation: { pad: 'x'.repeat(1_100_000) } }) });
    t.is(big.status, 413);
    let nested: unknown = {};
    for (let i = 0; i < 200; i++) nested = { n: nested };
    const deep = await call(verifier.url, 'POST', `${opened.url}/presentations`, { token: null, body: { verifiablePresentation: nested } });
    t.is(deep.status, 400);
    t.regex(deep.body.detail as string, /nesting deeper than/);
    const notJson = await call(verifier.url, 'POST', `${opened.url}/presentations`, { token: null, rawBody: '{"verifiablePresentation":', contentType: 'application/json' });
    t.is(notJson.status, 400);
    const wrongShape = await call(verifier.url, 'POST', `${opened.url}/presentations`, { token: null, body: { verifiablePresentation: 'a string' } });
    t.is(wrongShape.status, 422);
    const view = await call(verifier.url, 'GET', `/requests/${opened.id}`);
    t.is(view.body.status, 'pending');
    t.deepEqual(view.body.attempts, []);
    // The request can still be answered properly.
    const vp = await signedPresentation(world.holder, await qualifyingCredentials(world), { challenge: opened.request.challenge as string, domain: opened.request.domain as string });
    t.is((await answer(verifier, opened, vp)).status, 200);
  }));

  test(`a missing or wrong staff token is refused; a wrong request secret is not found [${backend}]`, (t) => limited(async () => {
    const { verifier, world } = await setup(backend);
    for (const [method, path] of [
      ['POST', '/requests'],
      ['GET', '/requests'],
      ['POST', '/challenges'],
      ['POST', '/credentials/verify'],
      ['POST', '/presentations/verify'],
      ['GET', '/alerts'],
      ['GET', '/trusted-logs'],
      ['POST', '/monitor/run'],
    ] as const) {
      for (const token of [null, 'rcvs_not-a-real-token-at-all-000000']) {
        const response = await call(verifier.url, method, path, { token, ...(method === 'POST' ? { body: { policyId: world.policyId, applicant: { name: 'x' } } } : {}) });
        t.is(response.status, 401, `${method} ${path} with ${token === null ? 'no' : 'a wrong'} token`);
        t.is(response.headers.get('content-type'), 'application/problem+json');
      }
    }
    const opened = await openRequest(verifier, world);
    const wrongSecret = opened.url.replace(/\/[^/]+$/, `/${randomBytes(32).toString('base64url')}`);
    t.is((await call(verifier.url, 'GET', wrongSecret, { token: null })).status, 404);
    t.is((await call(verifier.url, 'POST', `${wrongSecret}/presentations`, { token: null, body: { verifiablePresentation: {} } })).status, 404);
    // A staff token minted by the admin works and is named in the audit record; revoked, it stops working.
    const minted = await call(verifier.url, 'POST', '/admin/tokens', { body: { label: 'Credentialing clerk' } });
    const staffToken = minted.body.token as string;
    const created = await call(verifier.url, 'POST', '/requests', { token: staffToken, body: { policyId: world.policyId, applicant: { name: 'Dr. B' } } });
    t.is(created.status, 201);
    const view = await call(verifier.url, 'GET', `/requests/${created.body.id as string}`, { token: staffToken });
    t.is(view.body.requestedBy, `staff:${minted.body.id as string}:Credentialing clerk`);
    t.is((await call(verifier.url, 'DELETE', `/admin/tokens/${minted.body.id as string}`)).status, 204);
    t.is((await call(verifier.url, 'GET', '/requests', { token: staffToken })).status, 401);
  }));

  test(`VC-API: a receipt for another credential, and a log checkpoint inconsistent with the last one, fail log inclusion [${backend}]`, (t) => limited(async () => {
    const { verifier, world } = await setup(backend);
    const mine = await world.issuer.issue(world.board, 'MedicalLicenseCredential', world.holder.did);
    const other = await world.issuer.issue(world.board, 'MedicalLicenseCredential', world.holder.did);
    const ok = await call(verifier.url, 'POST', '/credentials/verify', { body: { verifiableCredential: mine.credential, receipt: mine.receipt } });
    t.is(ok.status, 200, JSON.stringify(ok.body));
    const swapped = await call(verifier.url, 'POST', '/credentials/verify', { body: { verifiableCredential: mine.credential, receipt: other.receipt } });
    t.is(swapped.status, 422);
    t.like((swapped.body.checks as Json[]).find((c) => c.check === 'credential.log_inclusion'), { ok: false, code: 'log.receipt.hash_mismatch' });
    const forked = await call(verifier.url, 'POST', '/credentials/verify', { body: { verifiableCredential: mine.credential, receipt: world.issuer.forkedReceipt(mine.credential, world.board.did) } });
    t.is(forked.status, 422);
    t.like((forked.body.checks as Json[]).find((c) => c.check === 'credential.log_inclusion'), { ok: false, code: 'log.checkpoint.inconsistent' });
    for (const response of [swapped, forked]) {
      const row = await verifier.deps.db.selectFrom('verification_reports').select('decision').where('id', '=', response.body.reportId as string).executeTakeFirstOrThrow();
      t.is(row.decision, 'rejected');
    }
  }));
}
