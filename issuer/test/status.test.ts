import test from 'ava';
import { generateDidKey } from '../../core/crypto/didKey.ts';
import { backendsUnderTest } from '../../core/db/testing/testDatabase.ts';
import { bitAt, decodeEncodedList } from '../../core/verify/bitstring.ts';
import { credentialHash } from '../../core/log/index.ts';
import type { LogReceipt } from '../log/credentialLog.ts';
import { STATUS_LIST_CAPACITY, STATUS_LIST_FILL_LIMIT } from '../services/statusLists.ts';
import { sharedDatabase } from '../../core/db/testing/testDatabase.ts';
import {
  assertProblem,
  call,
  cleanUpAfter,
  demoTenants,
  issuanceCounts,
  startTestIssuer,
  unsignedCredential,
  verifyReceipt,
  verifyWithStockVerifier,
  type TestIssuer,
  type Tenant,
} from './support/issuance.ts';

cleanUpAfter(test);

type Credential = Record<string, unknown> & { id: string; credentialStatus: Array<{ statusPurpose: string; statusListIndex: string; statusListCredential: string }> };

async function issue(issuer: TestIssuer, tenant: Tenant, holderDid: string): Promise<Credential> {
  const answer = await call<{ verifiableCredential: Credential }>(`${issuer.url}/credentials/issue`, {
    token: tenant.token,
    body: { credential: unsignedCredential('MedicalLicenseCredential', holderDid) },
  });
  if (answer.status !== 201) throw new Error(`issue failed: ${JSON.stringify(answer.body)}`);
  return answer.body.verifiableCredential;
}

function changeStatus(issuer: TestIssuer, tenant: Tenant, credentialId: string, statusPurpose: string, status: boolean) {
  return call<{ receipts: LogReceipt[]; revoked: boolean; suspended: boolean; credentialStatus: unknown[] }>(`${issuer.url}/credentials/status`, {
    token: tenant.token,
    body: { credentialId, credentialStatus: [{ type: 'BitstringStatusListEntry', statusPurpose }], status },
  });
}

async function listBit(issuer: TestIssuer, credential: Credential, purpose: string): Promise<boolean | undefined> {
  const entry = credential.credentialStatus.find((e) => e.statusPurpose === purpose);
  if (!entry) throw new Error(`no ${purpose} entry`);
  const list = (await call<{ credentialSubject: { encodedList: string } }>(entry.statusListCredential)).body;
  const decoded = decodeEncodedList(list.credentialSubject.encodedList);
  if (!decoded.ok) throw new Error(decoded.reason);
  return bitAt(decoded.bits, Number(entry.statusListIndex));
}

for (const backend of backendsUnderTest()) {
  test.serial(`suspend, lift, suspend and revoke: each flips the bit, re-signs the list and is logged; revocation is final [${backend}]`, async (t) => {
    const issuer = await startTestIssuer(backend);
    try {
      const { board } = await demoTenants(issuer);
      const credential = await issue(issuer, board, generateDidKey().did);
      const hash = credentialHash(credential);

      const suspended = await changeStatus(issuer, board, credential.id, 'suspension', true);
      t.is(suspended.status, 200, JSON.stringify(suspended.body));
      t.true(suspended.body.suspended);
      t.false(suspended.body.revoked);
      t.is(suspended.body.receipts.length, 1);
      await verifyReceipt(issuer.url, suspended.body.receipts[0] as LogReceipt, {
        kind: 'status',
        issuer: board.did,
        credentialHash: hash,
        statusPurpose: 'suspension',
        statusValue: true,
      });
      t.true(await listBit(issuer, credential, 'suspension'));
      t.deepEqual((await verifyWithStockVerifier(issuer.url, credential)).status, { revocation: false, suspension: true });

      const again = await changeStatus(issuer, board, credential.id, 'suspension', true);
      assertProblem(t, again, 409, 'suspending a suspended credential changes nothing');

      const lifted = await changeStatus(issuer, board, credential.id, 'suspension', false);
      t.is(lifted.status, 200);
      t.false(lifted.body.suspended);
      await verifyReceipt(issuer.url, lifted.body.receipts[0] as LogReceipt, { kind: 'status', statusPurpose: 'suspension', statusValue: false });
      t.false(await listBit(issuer, credential, 'suspension'));

      t.is((await changeStatus(issuer, board, credential.id, 'suspension', true)).status, 200, 'a lifted suspension can be imposed again');

      const revoked = await changeStatus(issuer, board, credential.id, 'revocation', true);
      t.is(revoked.status, 200);
      t.true(revoked.body.revoked);
      await verifyReceipt(issuer.url, revoked.body.receipts[0] as LogReceipt, { kind: 'status', statusPurpose: 'revocation', statusValue: true, credentialHash: hash });
      const stock = await verifyWithStockVerifier(issuer.url, credential);
      t.true(stock.verified, 'the credential and both re-signed lists still verify');
      t.deepEqual(stock.status, { revocation: true, suspension: true });

      const before = await issuanceCounts(issuer);
      const reinstate = await changeStatus(issuer, board, credential.id, 'revocation', false);
      const problem = assertProblem(t, reinstate, 409, 'reinstating a revoked credential');
      t.regex(problem.detail ?? '', /revocation is final/);
      assertProblem(t, await changeStatus(issuer, board, credential.id, 'suspension', false), 409, 'a revoked credential\'s status no longer changes');
      t.deepEqual(await issuanceCounts(issuer), before, 'nothing written, nothing logged');
      t.true(await listBit(issuer, credential, 'revocation'), 'the revocation bit stays set');

      const record = await call<{ revoked: boolean; revokedAt: string }>(`${issuer.url}/issuers/${board.id}/credentials/${encodeURIComponent(credential.id)}`, { token: board.token });
      t.true(record.body.revoked);
      t.truthy(record.body.revokedAt);
    } finally {
      await issuer.close();
    }
  });

  test.serial(`concurrent status changes and issues on one list lose no bit [${backend}]`, async (t) => {
    const issuer = await startTestIssuer(backend);
    try {
      const { cme } = await demoTenants(issuer);
      const batch = await call<{ results: Array<{ verifiableCredential: Credential }> }>(`${issuer.url}/issuers/${cme.id}/credentials/issue-batch`, {
        token: cme.token,
        body: { credentials: Array.from({ length: 8 }, () => unsignedCredential('CMECreditCredential', generateDidKey().did)) },
      });
      t.is(batch.status, 201);
      const credentials = batch.body.results.map((r) => r.verifiableCredential);
      const [changes] = await Promise.all([
        Promise.all(
          credentials.map((credential, i) => changeStatus(issuer, cme, credential.id, i % 2 === 0 ? 'suspension' : 'revocation', true)),
        ),
        // Issuing at the same time claims positions in (and counts on) the same lists.
        Promise.all(
          Array.from({ length: 4 }, () =>
            call(`${issuer.url}/credentials/issue`, { token: cme.token, body: { credential: unsignedCredential('CMECreditCredential', generateDidKey().did) } }),
          ),
        ),
      ]);
      t.deepEqual(changes.map((c) => c.status), credentials.map(() => 200));
      for (const [i, credential] of credentials.entries()) {
        const purpose = i % 2 === 0 ? 'suspension' : 'revocation';
        t.true(await listBit(issuer, credential, purpose), `${purpose} bit of credential ${i}`);
      }
    } finally {
      await issuer.close();
    }
  });

  test.serial(`a list at its fill limit is closed and a new one opened; the old one stays served and changeable [${backend}]`, async (t) => {
    const issuer = await startTestIssuer(backend);
    try {
      const { board } = await demoTenants(issuer);
      const first = await issue(issuer, board, generateDidKey().did);
      const firstList = first.credentialStatus.find((e) => e.statusPurpose === 'revocation')?.statusListCredential ?? '';
      const db = (await sharedDatabase('issuer', backend)).db;
      await db.updateTable('status_lists').set({ allocated: STATUS_LIST_FILL_LIMIT }).where('issuer_id', '=', board.id).execute();
      const second = await issue(issuer, board, generateDidKey().did);
      const secondList = second.credentialStatus.find((e) => e.statusPurpose === 'revocation')?.statusListCredential ?? '';
      t.not(secondList, firstList, 'a new revocation list was opened');
      const lists = await call<{ statusLists: Array<{ url: string; state: string; statusPurpose: string }> }>(`${issuer.url}/issuers/${board.id}/status-lists`, { token: board.token });
      t.deepEqual(lists.body.statusLists.filter((l) => l.statusPurpose === 'revocation').map((l) => [l.url, l.state]), [[firstList, 'full'], [secondList, 'open']]);
      t.is((await changeStatus(issuer, board, first.id, 'revocation', true)).status, 200);
      t.true(await listBit(issuer, first, 'revocation'));
      t.deepEqual((await verifyWithStockVerifier(issuer.url, first)).status, { revocation: true, suspension: false });
      t.true((await verifyWithStockVerifier(issuer.url, second)).verified);
    } finally {
      await issuer.close();
    }
  });

  test.serial(`status lists are signed BitstringStatusListCredentials with cache headers and ETags [${backend}]`, async (t) => {
    const issuer = await startTestIssuer(backend);
    try {
      const { abr } = await demoTenants(issuer);
      const credentials: Credential[] = [];
      for (let i = 0; i < 3; i += 1) {
        const answer = await call<{ verifiableCredential: Credential }>(`${issuer.url}/credentials/issue`, {
          token: abr.token,
          body: { credential: unsignedCredential('BoardCertificationCredential', generateDidKey().did) },
        });
        credentials.push(answer.body.verifiableCredential);
      }
      const entries = credentials.flatMap((c) => c.credentialStatus);
      const revocationUrls = new Set(entries.filter((e) => e.statusPurpose === 'revocation').map((e) => e.statusListCredential));
      const suspensionUrls = new Set(entries.filter((e) => e.statusPurpose === 'suspension').map((e) => e.statusListCredential));
      t.is(revocationUrls.size, 1, 'one revocation list per tenant');
      t.is(suspensionUrls.size, 1, 'one suspension list per tenant');
      t.not([...revocationUrls][0], [...suspensionUrls][0]);
      const indexes = entries.filter((e) => e.statusPurpose === 'revocation').map((e) => e.statusListIndex);
      t.is(new Set(indexes).size, 3, 'no index is reused');

      const url = [...revocationUrls][0] as string;
      const list = await call<Record<string, unknown> & { credentialSubject: Record<string, string>; issuer: string; id: string; type: string[] }>(url);
      t.is(list.status, 200);
      t.regex(list.headers.get('cache-control') ?? '', /^public, max-age=\d+$/);
      const etag = list.headers.get('etag');
      t.truthy(etag);
      t.is(list.body.id, url);
      t.is(list.body.issuer, abr.did);
      t.deepEqual(list.body.type, ['VerifiableCredential', 'BitstringStatusListCredential']);
      t.is(list.body.credentialSubject.type, 'BitstringStatusList');
      t.is(list.body.credentialSubject.statusPurpose, 'revocation');
      const decoded = decodeEncodedList(list.body.credentialSubject.encodedList);
      t.true(decoded.ok && decoded.bits.length * 8 === STATUS_LIST_CAPACITY, 'the list has 131,072 entries');
      const listCheck = await verifyWithStockVerifier(issuer.url, list.body);
      t.true(listCheck.verified, 'the list credential verifies with the stock verifier');

      const notModified = await call(url, { headers: { 'if-none-match': etag ?? '' } });
      t.is(notModified.status, 304);

      t.is((await changeStatus(issuer, abr, (credentials[0] as Credential).id, 'revocation', true)).status, 200);
      const changed = await call(url, { headers: { 'if-none-match': etag ?? '' } });
      t.is(changed.status, 200, 'a changed list is sent again');
      t.not(changed.headers.get('etag'), etag);

      assertProblem(t, await call(`${issuer.url}/status/00000000-0000-4000-8000-000000000000`), 404);
      assertProblem(t, await call(`${issuer.url}/status/not-a-list`), 404);
    } finally {
      await issuer.close();
    }
  });
}
