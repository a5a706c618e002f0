import test from 'ava';
import { generateDidKey } from '../../core/crypto/didKey.ts';
import { backendsUnderTest, sharedDatabase } from '../../core/db/testing/testDatabase.ts';
import {
  assertProblem,
  call,
  cleanUpAfter,
  createTenant,
  demoTenants,
  issuanceCounts,
  OPERATOR_TOKEN,
  startTestIssuer,
  unsignedCredential,
  type TestIssuer,
  type Tenant,
} from './support/issuance.ts';

/**
 * Bad input and tenant isolation: every refusal is problem+json, writes nothing and logs nothing.
 * One issuer per backend serves all the cases (each case is its own test).
 */
cleanUpAfter(test);

interface World {
  issuer: TestIssuer;
  board: Tenant;
  abr: Tenant;
  cme: Tenant;
  /** A license of `board`'s, for cross-tenant attempts. */
  boardCredentialId: string;
  boardListUrl: string;
}

const worlds = new Map<string, Promise<World>>();

async function world(backend: 'pglite' | 'postgres'): Promise<World> {
  let pending = worlds.get(backend);
  if (!pending) {
    pending = (async () => {
      const issuer = await startTestIssuer(backend);
      const { board, abr, cme } = await demoTenants(issuer);
      const issued = await call<{ verifiableCredential: { id: string; credentialStatus: Array<{ statusListCredential: string }> } }>(
        `${issuer.url}/credentials/issue`,
        { token: board.token, body: { credential: unsignedCredential('MedicalLicenseCredential', generateDidKey().did) } },
      );
      if (issued.status !== 201) throw new Error(JSON.stringify(issued.body));
      const vc = issued.body.verifiableCredential;
      return { issuer, board, abr, cme, boardCredentialId: vc.id, boardListUrl: vc.credentialStatus[0]?.statusListCredential ?? '' };
    })();
    worlds.set(backend, pending);
  }
  return pending;
}

test.after.always(async () => {
  for (const pending of worlds.values()) await (await pending).issuer.close();
});

/** Runs `attempt` and checks that it changed no issuance table and no log table. */
async function refusedWithoutTrace(t: import('ava').ExecutionContext, w: World, attempt: () => Promise<void>): Promise<void> {
  const before = await issuanceCounts(w.issuer);
  await attempt();
  t.deepEqual(await issuanceCounts(w.issuer), before, 'nothing written, nothing logged');
}

const issueUrl = (w: World, tenant: Tenant) => `${w.issuer.url}/issuers/${tenant.id}/credentials/issue`;

for (const backend of backendsUnderTest()) {
  const title = (name: string) => `${name} [${backend}]`;

  test.serial(title('malformed JSON is 400'), async (t) => {
    const w = await world(backend);
    await refusedWithoutTrace(t, w, async () => {
      const problem = assertProblem(t, await call(issueUrl(w, w.board), { token: w.board.token, rawBody: '{"credential": {' }), 400);
      t.regex(problem.title, /not valid JSON/);
    });
  });

  test.serial(title('a wrong content type is 415'), async (t) => {
    const w = await world(backend);
    await refusedWithoutTrace(t, w, async () => {
      const body = JSON.stringify({ credential: unsignedCredential('MedicalLicenseCredential', generateDidKey().did) });
      assertProblem(t, await call(issueUrl(w, w.board), { token: w.board.token, rawBody: body, contentType: 'text/plain' }), 415);
    });
  });

  test.serial(title('an oversized body is 413'), async (t) => {
    const w = await world(backend);
    await refusedWithoutTrace(t, w, async () => {
      const credential = unsignedCredential('MedicalLicenseCredential', generateDidKey().did, { name: 'x'.repeat(1_100_000) });
      assertProblem(t, await call(issueUrl(w, w.board), { token: w.board.token, body: { credential } }), 413);
    });
  });

  test.serial(title('a missing body or envelope is 400, never 401 with a valid token'), async (t) => {
    const w = await world(backend);
    await refusedWithoutTrace(t, w, async () => {
      assertProblem(t, await call(issueUrl(w, w.board), { method: 'POST', token: w.board.token }), 400);
      const noCredential = assertProblem(t, await call(issueUrl(w, w.board), { token: w.board.token, body: { credentials: {} } }), 400);
      t.true((noCredential.errors ?? []).some((e) => e.path === 'credential'));
      assertProblem(t, await call(issueUrl(w, w.board), { token: w.board.token, body: [1, 2] }), 400);
    });
  });

  test.serial(title('an unknown credential type is 422 naming the type'), async (t) => {
    const w = await world(backend);
    await refusedWithoutTrace(t, w, async () => {
      const credential = { ...unsignedCredential('MedicalLicenseCredential', generateDidKey().did), type: ['VerifiableCredential', 'PilotLicenseCredential'] };
      const problem = assertProblem(t, await call(issueUrl(w, w.board), { token: w.board.token, body: { credential } }), 422);
      t.true((problem.errors ?? []).some((e) => e.path.startsWith('credential.type')), JSON.stringify(problem.errors));
    });
  });

  test.serial(title('a subject failing its schema is 422 naming each field'), async (t) => {
    const w = await world(backend);
    await refusedWithoutTrace(t, w, async () => {
      const credential = unsignedCredential('MedicalLicenseCredential', generateDidKey().did, { npi: '1234567890', licenseType: 'PhD' });
      const problem = assertProblem(t, await call(issueUrl(w, w.board), { token: w.board.token, body: { credential } }), 422);
      const paths = (problem.errors ?? []).map((e) => e.path);
      t.true(paths.includes('credential.credentialSubject.npi'), paths.join(', '));
      t.true(paths.includes('credential.credentialSubject.licenseType'), paths.join(', '));
      t.regex(problem.detail ?? '', /credentialSubject\.npi/);
    });
  });

  test.serial(title('`issuer` set to another DID is 422'), async (t) => {
    const w = await world(backend);
    await refusedWithoutTrace(t, w, async () => {
      const credential = { ...unsignedCredential('MedicalLicenseCredential', generateDidKey().did), issuer: w.abr.did };
      const problem = assertProblem(t, await call(issueUrl(w, w.board), { token: w.board.token, body: { credential } }), 422);
      t.deepEqual((problem.errors ?? []).map((e) => e.path), ['credential.issuer']);
    });
  });

  test.serial(title('a CME provider cannot issue a license; a state board only its own jurisdiction (403)'), async (t) => {
    const w = await world(backend);
    await refusedWithoutTrace(t, w, async () => {
      const license = unsignedCredential('MedicalLicenseCredential', generateDidKey().did);
      const byCme = assertProblem(t, await call(issueUrl(w, w.cme), { token: w.cme.token, body: { credential: license } }), 403);
      t.deepEqual((byCme.errors ?? []).map((e) => e.path), ['credential.type']);
      const otherState = unsignedCredential('MedicalLicenseCredential', generateDidKey().did, { jurisdiction: 'US-NJ' });
      const byBoard = assertProblem(t, await call(issueUrl(w, w.board), { token: w.board.token, body: { credential: otherState } }), 403);
      t.deepEqual((byBoard.errors ?? []).map((e) => e.path), ['credential.credentialSubject.jurisdiction']);
    });
  });

  test.serial(title('a missing, malformed, unknown, expired or revoked token is 401'), async (t) => {
    const w = await world(backend);
    const body = { credential: unsignedCredential('MedicalLicenseCredential', generateDidKey().did) };
    await refusedWithoutTrace(t, w, async () => {
      assertProblem(t, await call(issueUrl(w, w.board), { body }), 401, 'no token');
      assertProblem(t, await call(issueUrl(w, w.board), { body, headers: { authorization: 'Basic abc' } }), 401, 'not bearer');
      assertProblem(t, await call(issueUrl(w, w.board), { body, token: 'rcit_unknown_unknown_unknown_unknown' }), 401, 'unknown token');

      const minted = await call<{ id: string; token: string }>(`${w.issuer.url}/admin/issuers/${w.board.id}/tokens`, { token: OPERATOR_TOKEN, body: { expiresInDays: 1 } });
      const database = await sharedDatabase('issuer', backend);
      await database.db.updateTable('issuer_tokens').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', minted.body.id).execute();
      assertProblem(t, await call(issueUrl(w, w.board), { body, token: minted.body.token }), 401, 'expired token');

      const revokedToken = await call<{ id: string; token: string }>(`${w.issuer.url}/admin/issuers/${w.board.id}/tokens`, { token: OPERATOR_TOKEN, body: {} });
      t.is(revokedToken.status, 201);
      t.is((await call(issueUrl(w, w.board), { body: { credential: { bad: true } }, token: revokedToken.body.token })).status, 422, 'the fresh token works (the body is judged)');
      t.is((await call(`${w.issuer.url}/admin/issuers/${w.board.id}/tokens/${revokedToken.body.id}`, { method: 'DELETE', token: OPERATOR_TOKEN })).status, 204);
      assertProblem(t, await call(issueUrl(w, w.board), { body, token: revokedToken.body.token }), 401, 'revoked token');
      assertProblem(t, await call(`${w.issuer.url}/credentials/status`, { token: revokedToken.body.token, body: {} }), 401, 'revoked token, status');
    });
  });

  test.serial(title('another tenant\'s token cannot issue for this tenant (403)'), async (t) => {
    const w = await world(backend);
    await refusedWithoutTrace(t, w, async () => {
      const body = { credential: unsignedCredential('MedicalLicenseCredential', generateDidKey().did) };
      assertProblem(t, await call(issueUrl(w, w.board), { token: w.abr.token, body }), 403);
      assertProblem(t, await call(`${w.issuer.url}/issuers/${w.board.id}/credentials/issue-batch`, { token: w.abr.token, body: { credentials: [body.credential] } }), 403);
      assertProblem(t, await call(`${w.issuer.url}/issuers/${w.board.id}/offers`, { token: w.abr.token, body }), 403);
      // The operator token is not a tenant token.
      assertProblem(t, await call(issueUrl(w, w.board), { token: OPERATOR_TOKEN, body }), 401);
    });
  });

  test.serial(title('tenant A can neither read nor revoke tenant B\'s credential, nor read its lists\' records'), async (t) => {
    const w = await world(backend);
    await refusedWithoutTrace(t, w, async () => {
      const path = `/credentials/${encodeURIComponent(w.boardCredentialId)}`;
      assertProblem(t, await call(`${w.issuer.url}/issuers/${w.abr.id}${path}`, { token: w.abr.token }), 404, 'read via own path');
      assertProblem(t, await call(`${w.issuer.url}/issuers/${w.board.id}${path}`, { token: w.abr.token }), 403, 'read via the other tenant\'s path');
      for (const statusPurpose of ['revocation', 'suspension']) {
        const attempt = await call(`${w.issuer.url}/credentials/status`, {
          token: w.abr.token,
          body: { credentialId: w.boardCredentialId, credentialStatus: [{ type: 'BitstringStatusListEntry', statusPurpose }], status: true },
        });
        assertProblem(t, attempt, 404, `${statusPurpose} of another tenant's credential`);
      }
      assertProblem(t, await call(`${w.issuer.url}/issuers/${w.board.id}/status-lists`, { token: w.abr.token }), 403, 'another tenant\'s lists');
      const own = await call<{ statusLists: Array<{ url: string }> }>(`${w.issuer.url}/issuers/${w.abr.id}/status-lists`, { token: w.abr.token });
      t.false(own.body.statusLists.some((list) => list.url === w.boardListUrl), 'a tenant sees only its own lists');
    });
    t.is((await call(`${w.issuer.url}/issuers/${w.board.id}/credentials/${encodeURIComponent(w.boardCredentialId)}`, { token: w.board.token })).status, 200);
  });

  test.serial(title('tenant A cannot flip a bit in tenant B\'s list by naming B\'s entry'), async (t) => {
    const w = await world(backend);
    const own = await call<{ verifiableCredential: { id: string } }>(`${w.issuer.url}/credentials/issue`, {
      token: w.cme.token,
      body: { credential: unsignedCredential('CMECreditCredential', generateDidKey().did) },
    });
    t.is(own.status, 201);
    await refusedWithoutTrace(t, w, async () => {
      const attempt = await call(`${w.issuer.url}/credentials/status`, {
        token: w.cme.token,
        body: {
          credentialId: own.body.verifiableCredential.id,
          credentialStatus: [{ type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListCredential: w.boardListUrl, statusListIndex: '7' }],
          status: true,
        },
      });
      assertProblem(t, attempt, 422);
    });
  });

  test.serial(title('reinstating a revoked credential is 409'), async (t) => {
    const w = await world(backend);
    const tenant = await createTenant(w.issuer, { kind: 'cvo', credentialTypes: ['*'] });
    const issued = await call<{ verifiableCredential: { id: string } }>(`${w.issuer.url}/credentials/issue`, {
      token: tenant.token,
      body: { credential: unsignedCredential('BoardCertificationCredential', generateDidKey().did) },
    });
    t.is(issued.status, 201, 'a CVO may issue any type');
    const body = (status: boolean) => ({ credentialId: issued.body.verifiableCredential.id, credentialStatus: [{ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' }], status });
    t.is((await call(`${w.issuer.url}/credentials/status`, { token: tenant.token, body: body(true) })).status, 200);
    await refusedWithoutTrace(t, w, async () => {
      assertProblem(t, await call(`${w.issuer.url}/credentials/status`, { token: tenant.token, body: body(false) }), 409);
      assertProblem(t, await call(`${w.issuer.url}/credentials/status`, { token: tenant.token, body: body(true) }), 409, 'revoking twice');
    });
  });

  test.serial(title('malformed status requests are refused'), async (t) => {
    const w = await world(backend);
    await refusedWithoutTrace(t, w, async () => {
      const url = `${w.issuer.url}/credentials/status`;
      assertProblem(t, await call(url, { method: 'POST', token: w.board.token }), 400);
      const bad = assertProblem(t, await call(url, { token: w.board.token, body: { credentialId: w.boardCredentialId, credentialStatus: [{ type: 'StatusList2021Entry', statusPurpose: 'revocation' }], status: 'yes' } }), 422);
      const paths = (bad.errors ?? []).map((e) => e.path);
      t.true(paths.includes('credentialStatus.0.type') && paths.includes('status'), paths.join(', '));
      assertProblem(t, await call(url, { token: w.board.token, body: { credentialId: 'urn:uuid:00000000-0000-4000-8000-000000000000', credentialStatus: [{ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' }], status: true } }), 404);
    });
  });
}
