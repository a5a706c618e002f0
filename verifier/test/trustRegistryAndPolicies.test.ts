import test from 'ava';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { backendsUnderTest, closeDatabasesAfter, sharedDatabase } from '../../core/db/testing/testDatabase.ts';
import { createLogger } from '../../core/http/logger.ts';
import { loadIssuerConfig } from '../../issuer/config.ts';
import { startIssuer } from '../../issuer/server.ts';
import { createIssuer } from '../../issuer/services/createIssuer.ts';
import { loadVerifierConfig } from '../config.ts';
import { diagnosticRadiologyPrivileges } from '../policies/policyRules.ts';
import { startVerifier, type RunningVerifier } from '../server.ts';

closeDatabasesAfter(test);

const adminToken = 'rcvs_test_admin_token_0123456789abc';
const quiet = createLogger({ name: 'verifier-test', destination: new Writable({ write: (_c, _e, done) => done() }) });

async function withVerifier(backend: 'pglite' | 'postgres', fn: (verifier: RunningVerifier) => Promise<void>): Promise<void> {
  const database = await sharedDatabase('verifier', backend);
  const config = loadVerifierConfig({ env: { VERIFIER_PORT: '0' }, demoAdminToken: adminToken });
  const verifier = await startVerifier(config, { database, logger: quiet });
  try {
    await fn(verifier);
  } finally {
    await verifier.close();
  }
}

function json(method: string, token: string | undefined, body?: unknown): RequestInit {
  return {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  };
}

const ABR_DID = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';

for (const backend of backendsUnderTest()) {
  test.serial(`staff tokens: the admin mints them, staff use them, a revoked one is refused [${backend}]`, async (t) => {
    await withVerifier(backend, async (verifier) => {
      t.is((await fetch(`${verifier.url}/trusted-issuers`)).status, 401);
      t.is((await fetch(`${verifier.url}/trusted-issuers`, json('GET', 'rcvs_wrong_wrong_wrong_wrong_wrong'))).status, 401);
      const minted = (await (await fetch(`${verifier.url}/admin/tokens`, json('POST', adminToken, { label: 'J. Smith, MSO' }))).json()) as {
        id: string;
        token: string;
      };
      t.is((await fetch(`${verifier.url}/trusted-issuers`, json('GET', minted.token))).status, 200);
      t.is((await fetch(`${verifier.url}/admin/tokens`, json('POST', minted.token, { label: 'self-promotion' }))).status, 401, 'staff cannot mint');
      t.is((await fetch(`${verifier.url}/admin/tokens/${minted.id}`, json('DELETE', adminToken))).status, 204);
      t.is((await fetch(`${verifier.url}/trusted-issuers`, json('GET', minted.token))).status, 401);
    });
  });

  test.serial(`trusted issuers are added by staff with their scope and recorded actor [${backend}]`, async (t) => {
    await withVerifier(backend, async (verifier) => {
      const res = await fetch(`${verifier.url}/trusted-issuers`, json('POST', adminToken, {
        did: ABR_DID, name: 'American Board of Radiology', kind: 'specialty-board', credentialTypes: ['BoardCertificationCredential'],
        statusBaseUrl: 'http://issuer.example:4100/',
      }));
      t.is(res.status, 201);
      const list = (await (await fetch(`${verifier.url}/trusted-issuers`, json('GET', adminToken))).json()) as {
        trustedIssuers: Array<{ did: string; statusBaseUrl: string; addedBy: string; jurisdictions: string[] }>;
      };
      t.like(list.trustedIssuers.find((i) => i.did === ABR_DID), { statusBaseUrl: 'http://issuer.example:4100', addedBy: 'admin', jurisdictions: [] });
      const bad = await fetch(`${verifier.url}/trusted-issuers`, json('POST', adminToken, { did: 'did:web:evil.example', name: 'x', kind: 'cvo', credentialTypes: ['*'] }));
      t.is(bad.status, 422);
      t.is(((await bad.json()) as { errors: Array<{ path: string }> }).errors[0]?.path, 'did');
    });
  });

  test.serial(`importing from an issuer directory trusts only the DIDs staff named [${backend}]`, async (t) => {
    const issuerDb = await sharedDatabase('issuer', backend);
    const issuer = await startIssuer(
      loadIssuerConfig({ env: { ISSUER_PORT: '0' }, demoSecrets: { operatorToken: 'rcop_op_token_0123456789abcdef', keyEncryptionKey: randomBytes(32) } }),
      { database: issuerDb, logger: quiet },
    );
    try {
      const board = await createIssuer(issuer.deps, { name: `NJ Board ${backend}`, kind: 'state-medical-board', jurisdiction: 'US-NJ', credentialTypes: ['MedicalLicenseCredential'] });
      const cme = await createIssuer(issuer.deps, { name: `Some CME ${backend}`, kind: 'cme-provider', credentialTypes: ['CMECreditCredential'] });
      await withVerifier(backend, async (verifier) => {
        const res = await fetch(`${verifier.url}/trusted-issuers/import`, json('POST', adminToken, { issuerServiceUrl: issuer.url, dids: [board.issuer.did] }));
        t.is(res.status, 201);
        const list = (await (await fetch(`${verifier.url}/trusted-issuers`, json('GET', adminToken))).json()) as {
          trustedIssuers: Array<{ did: string; jurisdictions: string[]; statusBaseUrl: string; kind: string }>;
        };
        t.like(list.trustedIssuers.find((i) => i.did === board.issuer.did), { jurisdictions: ['US-NJ'], statusBaseUrl: issuer.url, kind: 'state-medical-board' });
        t.falsy(list.trustedIssuers.find((i) => i.did === cme.issuer.did), 'an issuer staff did not name is not trusted');
        const missing = await fetch(`${verifier.url}/trusted-issuers/import`, json('POST', adminToken, { issuerServiceUrl: issuer.url, dids: [ABR_DID.replace('doK', 'doL')] }));
        t.is(missing.status, 400);
      });
    } finally {
      await issuer.close();
    }
  });

  test.serial(`policies are validated, stored and read back [${backend}]`, async (t) => {
    await withVerifier(backend, async (verifier) => {
      const created = await fetch(`${verifier.url}/policies`, json('POST', adminToken, { ...diagnosticRadiologyPrivileges, name: `Privileges ${backend}` }));
      t.is(created.status, 201);
      const policy = (await created.json()) as { id: string; rules: Array<{ kind: string }>; createdBy: string };
      t.deepEqual(policy.rules.map((r) => r.kind), ['license-active', 'board-certification-current', 'cme-credits']);
      const read = (await (await fetch(`${verifier.url}/policies/${policy.id}`, json('GET', adminToken))).json()) as { name: string };
      t.is(read.name, `Privileges ${backend}`);
      const duplicate = await fetch(`${verifier.url}/policies`, json('POST', adminToken, { ...diagnosticRadiologyPrivileges, name: `privileges ${backend}` }));
      t.is(duplicate.status, 409);
      const badRule = await fetch(`${verifier.url}/policies`, json('POST', adminToken, { name: 'Bad', rules: [{ kind: 'cme-credits', creditType: 'x', minimumCredits: -5, windowMonths: 36 }] }));
      t.is(badRule.status, 422);
      t.is(((await badRule.json()) as { errors: Array<{ path: string }> }).errors[0]?.path, 'rules.0.minimumCredits');
    });
  });
}
