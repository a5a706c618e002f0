import test from 'ava';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { decryptWithKek } from '../../core/crypto/keyEncryption.ts';
import { didKeyFromSeed } from '../../core/crypto/didKey.ts';
import { backendsUnderTest, closeDatabasesAfter, sharedDatabase } from '../../core/db/testing/testDatabase.ts';
import { createLogger } from '../../core/http/logger.ts';
import { loadIssuerConfig } from '../config.ts';
import { startIssuer, type RunningIssuer } from '../server.ts';

closeDatabasesAfter(test);

const operatorToken = 'rcop_test_operator_token_0123456789';
const keyEncryptionKey = randomBytes(32);
const logged: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _e, done) {
    logged.push(chunk.toString());
    done();
  },
});

async function withIssuer(backend: 'pglite' | 'postgres', fn: (issuer: RunningIssuer) => Promise<void>): Promise<void> {
  const database = await sharedDatabase('issuer', backend);
  const config = loadIssuerConfig({ env: { ISSUER_PORT: '0', RADCRED_DATA_DIR: '/nonexistent' }, demoSecrets: { operatorToken, keyEncryptionKey } });
  const issuer = await startIssuer(config, { database, logger: createLogger({ name: 'issuer-test', destination: sink }) });
  try {
    await fn(issuer);
  } finally {
    await issuer.close();
  }
}

function json(method: string, token: string | undefined, body?: unknown): RequestInit {
  return {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  };
}

for (const backend of backendsUnderTest()) {
  test.serial(`the operator creates tenants with their own key and a token shown once [${backend}]`, async (t) => {
    await withIssuer(backend, async (issuer) => {
      const res = await fetch(`${issuer.url}/admin/issuers`, json('POST', operatorToken, {
        name: `Board of Medicine ${backend} A`,
        kind: 'state-medical-board',
        jurisdiction: 'US-NJ',
        credentialTypes: ['MedicalLicenseCredential'],
      }));
      t.is(res.status, 201);
      const created = (await res.json()) as { id: string; did: string; token: string; kind: string };
      t.regex(created.did, /^did:key:z6Mk/);
      t.regex(created.token, /^rcit_/);

      const row = await issuer.deps.db.selectFrom('issuers').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
      t.false(row.encrypted_private_key.includes(created.did));
      const seed = decryptWithKek(row.encrypted_private_key, keyEncryptionKey, `issuer:${created.id}`);
      t.is(didKeyFromSeed(seed).did, created.did, 'the stored key decrypts to the tenant DID');
      const tokenRows = await issuer.deps.db.selectFrom('issuer_tokens').select('token_hash').where('issuer_id', '=', created.id).execute();
      t.is(tokenRows.length, 1);
      t.not(tokenRows[0]?.token_hash, created.token, 'only the hash is stored');

      const directory = (await (await fetch(`${issuer.url}/issuers`)).json()) as { issuers: Array<Record<string, unknown>> };
      const listed = directory.issuers.find((i) => i.id === created.id);
      t.like(listed, { name: `Board of Medicine ${backend} A`, kind: 'state-medical-board', jurisdiction: 'US-NJ', did: created.did });
      t.false(JSON.stringify(directory).includes('encrypted'), 'the directory shows no key material');
      t.false(logged.some((line) => line.includes(created.token)), 'the token is never logged');
    });
  });

  test.serial(`tenant creation rejects bad input and changes nothing [${backend}]`, async (t) => {
    await withIssuer(backend, async (issuer) => {
      const count = async () => (await issuer.deps.db.selectFrom('issuers').select('id').execute()).length;
      const before = await count();
      const noToken = await fetch(`${issuer.url}/admin/issuers`, json('POST', undefined, { name: 'X Board', kind: 'cvo', credentialTypes: ['*'] }));
      t.is(noToken.status, 401);
      const wrongToken = await fetch(`${issuer.url}/admin/issuers`, json('POST', 'rcop_wrong_wrong_wrong_wrong_wrong', { name: 'X Board', kind: 'cvo', credentialTypes: ['*'] }));
      t.is(wrongToken.status, 401);
      const cmeLicense = await fetch(`${issuer.url}/admin/issuers`, json('POST', operatorToken, {
        name: 'Sneaky CME', kind: 'cme-provider', credentialTypes: ['MedicalLicenseCredential'],
      }));
      t.is(cmeLicense.status, 422);
      const problem = (await cmeLicense.json()) as { errors: Array<{ path: string; message: string }> };
      t.is(problem.errors[0]?.path, 'credentialTypes.0');
      t.regex(problem.errors[0]?.message ?? '', /may not issue MedicalLicenseCredential/);
      const boardWithoutState = await fetch(`${issuer.url}/admin/issuers`, json('POST', operatorToken, {
        name: 'Stateless Board', kind: 'state-medical-board', credentialTypes: ['MedicalLicenseCredential'],
      }));
      t.is(boardWithoutState.status, 422);
      t.is(((await boardWithoutState.json()) as { errors: Array<{ path: string }> }).errors[0]?.path, 'jurisdiction');
      const unknownType = await fetch(`${issuer.url}/admin/issuers`, json('POST', operatorToken, { name: 'CVO One', kind: 'cvo', credentialTypes: ['PilotLicense'] }));
      t.is(unknownType.status, 422);
      t.is(await count(), before);
    });
  });

  test.serial(`tokens can be minted with an expiry and revoked exactly once [${backend}]`, async (t) => {
    await withIssuer(backend, async (issuer) => {
      const created = (await (await fetch(`${issuer.url}/admin/issuers`, json('POST', operatorToken, {
        name: `Verification Org ${backend}`, kind: 'cvo', credentialTypes: ['*'],
      }))).json()) as { id: string };
      const minted = await fetch(`${issuer.url}/admin/issuers/${created.id}/tokens`, json('POST', operatorToken, { label: 'roster bot', expiresInDays: 30 }));
      t.is(minted.status, 201);
      const token = (await minted.json()) as { id: string; token: string; expiresAt: string };
      t.regex(token.token, /^rcit_/);
      t.true(new Date(token.expiresAt).getTime() > Date.now() + 29 * 86_400_000);
      const revoke = await fetch(`${issuer.url}/admin/issuers/${created.id}/tokens/${token.id}`, json('DELETE', operatorToken));
      t.is(revoke.status, 204);
      const again = await fetch(`${issuer.url}/admin/issuers/${created.id}/tokens/${token.id}`, json('DELETE', operatorToken));
      t.is(again.status, 404);
      const unknownIssuer = await fetch(`${issuer.url}/admin/issuers/00000000-0000-4000-8000-000000000000/tokens`, json('POST', operatorToken, {}));
      t.is(unknownIssuer.status, 404);
    });
  });

  test.serial(`the RadCred context is served as JSON-LD [${backend}]`, async (t) => {
    await withIssuer(backend, async (issuer) => {
      const res = await fetch(`${issuer.url}/contexts/v1`);
      t.is(res.status, 200);
      t.regex(res.headers.get('content-type') ?? '', /application\/ld\+json/);
      const body = (await res.json()) as { '@context': Record<string, unknown> };
      t.is(body['@context']['@protected'], true);
      t.truthy(body['@context'].MedicalLicenseCredential);
    });
  });
}
