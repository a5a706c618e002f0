import test from 'ava';
import { signedPresentation } from '../../core/verify/test/fixtures/presentations.ts';
import { call, useVerifiers, verifierFor } from './fixtures/harness.ts';
import { miniWorld, type MiniWorld } from './fixtures/miniSeed.ts';
import type { RunningVerifier } from '../server.ts';
import type { Router } from '@koa/router';
import { createVerifierApp } from '../app.ts';

type Json = Record<string, unknown>;

const worlds = new Map<string, Promise<{ verifier: RunningVerifier; world: MiniWorld }>>();
function setup(backend: 'pglite' | 'postgres') {
  let ready = worlds.get(backend);
  if (!ready) {
    ready = verifierFor(backend).then(async (verifier) => ({ verifier, world: await miniWorld(verifier) }));
    worlds.set(backend, ready);
  }
  return ready;
}
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'];

function routerOf(middleware: readonly unknown[]): Router {
  // @koa/router marks its dispatch middleware with the router it belongs to.
  const dispatch = middleware.find((m) => typeof m === 'function' && (m as { router?: unknown }).router !== undefined) as { router: Router } | undefined;
  if (!dispatch) throw new Error('the app has no @koa/router dispatch middleware');
  return dispatch.router;
}

/** `METHOD /path/{param}` for every route the koa router serves (HEAD is implied by GET). */
function routerOperations(router: Router): string[] {
  const operations = new Set<string>();
  for (const layer of router.stack) {
    if (typeof layer.path !== 'string') throw new Error(`route ${String(layer.path)} is a RegExp: the OpenAPI document cannot describe it`);
    const path = layer.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    for (const method of layer.methods) if (method !== 'HEAD') operations.add(`${method} ${path}`);
  }
  return [...operations].sort();
}

function documentOperations(document: Json): string[] {
  const operations: string[] = [];
  for (const [path, item] of Object.entries(document.paths as Record<string, Json>)) {
    for (const method of Object.keys(item)) if (METHODS.includes(method)) operations.push(`${method.toUpperCase()} ${path}`);
  }
  return operations.sort();
}

const backends = useVerifiers(test);
test.after.always(async () => {
  for (const ready of worlds.values()) await (await ready).world.issuer.close();
});

for (const backend of backends) {
  test(`POST /credentials/verify: 200 with every check, the receipt fetched from the log when not given; stored as a report [${backend}]`, async (t) => {
    const { verifier, world } = await setup(backend);
    const { credential } = await world.issuer.issue(world.abr, 'BoardCertificationCredential', world.holder.did);
    const response = await call(verifier.url, 'POST', '/credentials/verify', { body: { verifiableCredential: credential } });
    t.is(response.status, 200, JSON.stringify(response.body));
    t.like(response.body, { verified: true, warnings: [], errors: [] });
    t.deepEqual((response.body.checks as Json[]).map((c) => c.check), [
      'credential.proof',
      'credential.issuer_trusted',
      'credential.validity_window',
      'credential.status.revocation',
      'credential.status.suspension',
      'credential.log_inclusion',
    ]);
    t.like(response.body.credential, { type: 'BoardCertificationCredential', issuer: { did: world.abr.did, name: world.abr.name } });
    const stored = await call(verifier.url, 'GET', `/reports/${response.body.reportId as string}`);
    t.like(stored.body, { kind: 'credential', decision: 'accepted', requestedBy: 'admin', submitted: { verifiableCredential: credential } });
  });

  test(`options.checks narrows the checks; an unknown check name or a malformed body is a 400 [${backend}]`, async (t) => {
    const { verifier, world } = await setup(backend);
    const { credential } = await world.issuer.issue(world.cme, 'CMECreditCredential', world.holder.did);
    const statusOnly = await call(verifier.url, 'POST', '/credentials/verify', { body: { verifiableCredential: credential, options: { checks: ['status'] } } });
    t.is(statusOnly.status, 200);
    t.deepEqual((statusOnly.body.checks as Json[]).map((c) => c.check), ['credential.status.revocation', 'credential.status.suspension']);
    const proofOnly = await call(verifier.url, 'POST', '/credentials/verify', { body: { verifiableCredential: credential, options: { checks: ['proof', 'expiration'] } } });
    t.deepEqual((proofOnly.body.checks as Json[]).map((c) => c.check), ['credential.proof', 'credential.validity_window']);
    const unknown = await call(verifier.url, 'POST', '/credentials/verify', { body: { verifiableCredential: credential, options: { checks: ['vibes'] } } });
    t.is(unknown.status, 400);
    t.regex(unknown.body.detail as string, /unknown check\(s\) in options.checks: vibes/);
    t.is((await call(verifier.url, 'POST', '/credentials/verify', { body: { credential } })).status, 400);
    t.is((await call(verifier.url, 'POST', '/credentials/verify', { body: { verifiableCredential: 'jwt…' } })).status, 400);
    t.is((await call(verifier.url, 'POST', '/credentials/verify', {})).status, 400);
  });

  test(`POST /challenges then POST /presentations/verify: 200 once, a replay 422; a DID-authentication presentation verifies [${backend}]`, async (t) => {
    const { verifier, world } = await setup(backend);
    const challenge = await call(verifier.url, 'POST', '/challenges');
    t.is(challenge.status, 201);
    t.is(challenge.body.domain, new URL(verifier.url).host);
    t.true(Date.parse(challenge.body.expiresAt as string) > Date.now());
    const { credential } = await world.issuer.issue(world.board, 'MedicalLicenseCredential', world.holder.did);
    const binding = { challenge: challenge.body.challenge as string, domain: challenge.body.domain as string };
    const vp = await signedPresentation(world.holder, [credential], binding);
    const body = { verifiablePresentation: vp, options: { challenge: binding.challenge } };
    const first = await call(verifier.url, 'POST', '/presentations/verify', { body });
    t.is(first.status, 200, JSON.stringify(first.body, null, 1));
    t.like(first.body, { verified: true, holder: world.holder.did, errors: [] });
    t.deepEqual((first.body.checks as Json[]).map((c) => c.check), ['presentation.proof', 'presentation.challenge', 'presentation.domain', 'presentation.replay']);
    t.is(((first.body.credentialResults as Json[])[0]?.checks as Json[]).length, 7);
    const replay = await call(verifier.url, 'POST', '/presentations/verify', { body });
    t.is(replay.status, 422);
    t.like((replay.body.checks as Json[]).find((c) => c.check === 'presentation.replay'), { ok: false, code: 'replay.challenge_used' });

    const second = await call(verifier.url, 'POST', '/challenges');
    const didAuth = await signedPresentation(world.holder, [], { challenge: second.body.challenge as string, domain: second.body.domain as string });
    const auth = await call(verifier.url, 'POST', '/presentations/verify', { body: { verifiablePresentation: didAuth, options: { challenge: second.body.challenge } } });
    t.is(auth.status, 200, JSON.stringify(auth.body));
    t.deepEqual(auth.body.credentialResults, []);
    const noChallenge = await call(verifier.url, 'POST', '/presentations/verify', { body: { verifiablePresentation: didAuth } });
    t.is(noChallenge.status, 422);
    t.like((noChallenge.body.checks as Json[]).find((c) => c.check === 'presentation.challenge'), { ok: false, code: 'challenge.not_issued' });
  });

  // Serial: it counts the verifier's receipt fetches, which the other tests (running concurrently) also make.
  test.serial(`POST /presentations/verify with the wallet's receipts: verified without fetching them; a wrong receipt fails log inclusion; a malformed receipts field is a 400 [${backend}]`, async (t) => {
    const { verifier, world } = await setup(backend);
    const license = await world.issuer.issue(world.board, 'MedicalLicenseCredential', world.holder.did);
    const certification = await world.issuer.issue(world.abr, 'BoardCertificationCredential', world.holder.did);
    const present = async (receipts: unknown) => {
      const challenge = await call(verifier.url, 'POST', '/challenges');
      const binding = { challenge: challenge.body.challenge as string, domain: challenge.body.domain as string };
      const vp = await signedPresentation(world.holder, [license.credential, certification.credential], binding);
      return call(verifier.url, 'POST', '/presentations/verify', { body: { verifiablePresentation: vp, receipts, options: { challenge: binding.challenge } } });
    };
    const fetchesBefore = verifier.deps.receipts.fetches;
    const ok = await present([license.receipt, certification.receipt]);
    t.is(ok.status, 200, JSON.stringify(ok.body));
    t.is(verifier.deps.receipts.fetches, fetchesBefore, 'the receipts came with the presentation');

    const swapped = await present([certification.receipt, certification.receipt]);
    t.is(swapped.status, 422);
    const first = (swapped.body.credentialResults as Json[])[0]?.checks as Json[];
    t.like(first.find((c) => c.check === 'credential.log_inclusion'), { ok: false });

    const malformed = await present(['not a receipt']);
    t.is(malformed.status, 400);
    t.is(malformed.body.type, 'https://w3id.org/radcred/problems/bad-request');
  });

  test(`trusted logs: pinning is idempotent, a different key for the same service is refused; the trusted checkpoint advances [${backend}]`, async (t) => {
    const { verifier, world } = await setup(backend);
    const again = await call(verifier.url, 'POST', '/trusted-logs', { body: { issuerServiceUrl: world.issuer.url } });
    t.is(again.status, 201);
    t.is(again.body.origin, world.issuer.origin);
    const wrongKey = await call(verifier.url, 'POST', '/trusted-logs', { body: { issuerServiceUrl: world.issuer.url, verifierKey: 'radcred.localhost/log+00000000+AQ==' } });
    t.is(wrongKey.status, 409);
    const before = BigInt(again.body.checkpointSize as string);
    const { credential } = await world.issuer.issue(world.board, 'MedicalLicenseCredential', world.holder.did);
    t.is((await call(verifier.url, 'POST', '/credentials/verify', { body: { verifiableCredential: credential } })).status, 200);
    const logs = await call(verifier.url, 'GET', '/trusted-logs');
    const log = (logs.body.trustedLogs as Json[]).find((l) => l.origin === world.issuer.origin);
    t.true(BigInt(log?.checkpointSize as string) > before);
  });

  test(`GET /openapi.json describes exactly the routes the router serves, both ways [${backend}]`, async (t) => {
    const verifier = await verifierFor(backend);
    const served = await call(verifier.url, 'GET', '/openapi.json', { token: null });
    t.is(served.status, 200);
    t.is(served.body.openapi, '3.1.0');
    const router = routerOf(createVerifierApp(verifier.deps).middleware);
    const inRouter = routerOperations(router);
    const inDocument = documentOperations(served.body);
    t.deepEqual(inRouter.filter((op) => !inDocument.includes(op)), [], 'routes missing from the document');
    t.deepEqual(inDocument.filter((op) => !inRouter.includes(op)), [], 'documented operations the router does not serve');
    t.true(inRouter.length >= 25);
    // Every path parameter of the document is declared on its operation.
    for (const [path, item] of Object.entries(served.body.paths as Record<string, Json>)) {
      const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const operation of Object.values(item) as Json[]) {
        const declared = ((operation.parameters as Json[] | undefined) ?? []).filter((p) => p.in === 'path').map((p) => p.name);
        t.deepEqual(declared.sort(), [...names].sort(), `path parameters of ${path}`);
      }
    }
  });
}
