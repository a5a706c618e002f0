import test from 'ava';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { WalletError } from '../errors.ts';
import { matchesExample } from '../presentation/queryMatch.ts';
import type { CredentialQueryItem } from '../presentation/requestSchema.ts';
import { selectCredentials, selectedCredentials } from '../presentation/selection.ts';
import type { CredentialRecord, CredentialStanding } from '../store/schemas.ts';
import { localIssuer } from './helpers/localCredentials.ts';
import { recordingTerminal } from './helpers/runtime.ts';

const now = new Date('2026-06-01T00:00:00Z');

function record(type: string, subject: Record<string, unknown>, standing: CredentialStanding = 'valid'): CredentialRecord {
  const id = `urn:uuid:${createHash('sha256').update(JSON.stringify([type, subject])).digest('hex').slice(0, 32)}`;
  return {
    v: 1,
    credentialHash: `sha256:${createHash('sha256').update(id).digest('hex')}`,
    credential: { '@context': ['https://www.w3.org/ns/credentials/v2'], id, type: ['VerifiableCredential', type], issuer: localIssuer.did, credentialSubject: { id: 'did:key:z6MkHolder', ...subject }, proof: { type: 'Ed25519Signature2020' } },
    receipt: { entry: {}, proof: 'x' },
    issuer: localIssuer,
    serviceUrl: 'http://127.0.0.1:9',
    receivedAt: '2026-01-01T00:00:00.000Z',
    source: 'file',
    lastCheck: { at: '2026-01-01T00:00:00.000Z', standing, checks: [] },
  };
}

const ref = (r: CredentialRecord) => r.credentialHash.slice(7, 15);
const licenseQuery: CredentialQueryItem = { required: true, reason: 'license in NY or NJ', example: { type: 'MedicalLicenseCredential', credentialSubject: { jurisdiction: ['US-NY', 'US-NJ'] } } };
const cmeQuery: CredentialQueryItem = {
  required: true,
  multiple: true,
  reason: '75 credits',
  example: { type: 'CMECreditCredential', credentialSubject: { creditType: 'AMA PRA Category 1 Credit', completionDate: { after: '2023-06-01' } } },
};

test('QueryByExample: types, "any of" arrays, {after} dates, nested values, array-valued fields', (t) => {
  const ny = record('MedicalLicenseCredential', { jurisdiction: 'US-NY', subspecialties: ['Neuroradiology', 'Pediatric Radiology'] });
  t.true(matchesExample(ny.credential, licenseQuery.example));
  t.false(matchesExample(record('MedicalLicenseCredential', { jurisdiction: 'US-CA' }).credential, licenseQuery.example));
  t.false(matchesExample(ny.credential, { type: 'BoardCertificationCredential' }));
  t.true(matchesExample(ny.credential, { type: ['VerifiableCredential', 'MedicalLicenseCredential'] }));
  t.true(matchesExample(ny.credential, { type: 'MedicalLicenseCredential', credentialSubject: { subspecialties: 'Neuroradiology' } }));
  t.false(matchesExample(ny.credential, { type: 'MedicalLicenseCredential', credentialSubject: { licenseNumber: '1' } }), 'a missing field does not match');
  const cme = (date: string) => record('CMECreditCredential', { creditType: 'AMA PRA Category 1 Credit', completionDate: date });
  t.true(matchesExample(cme('2023-06-01').credential, cmeQuery.example), 'on the date counts');
  t.true(matchesExample(cme('2025-01-01').credential, cmeQuery.example));
  t.false(matchesExample(cme('2023-05-31').credential, cmeQuery.example));
});

test('property: an example made of a credential\'s own values (with decoys) matches it; a value outside the options does not', (t) => {
  const value = fc.string({ minLength: 1, maxLength: 8 });
  fc.assert(
    fc.property(fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), value, { minKeys: 1 }), fc.array(value, { maxLength: 3 }), (subject, decoys) => {
      const example: Record<string, unknown> = {};
      for (const [key, v] of Object.entries(subject)) example[key] = decoys.length > 0 ? [...decoys, v] : v;
      const credential = record('X', subject).credential;
      if (!matchesExample(credential, { type: 'X', credentialSubject: example })) return false;
      const [key, v] = Object.entries(subject)[0] as [string, string];
      const outside = decoys.filter((d) => d !== v);
      return outside.length === 0 || !matchesExample(credential, { type: 'X', credentialSubject: { [key]: outside } });
    }),
  );
  t.pass();
});

test('selection: one fits → taken; several fit a single query → --pick or exit 2 naming the refs; multiple → all, or the picked ones', async (t) => {
  const terminal = recordingTerminal();
  const ny = record('MedicalLicenseCredential', { jurisdiction: 'US-NY' });
  const nj = record('MedicalLicenseCredential', { jurisdiction: 'US-NJ' });
  const cmes = ['2024-01-01', '2025-01-01', '2020-01-01'].map((d) => record('CMECreditCredential', { creditType: 'AMA PRA Category 1 Credit', completionDate: d }));

  const one = await selectCredentials([licenseQuery, cmeQuery], [ny, ...cmes], { picks: [], terminal, now });
  t.deepEqual(selectedCredentials(one).map(ref), [ref(ny), ref(cmes[0]!), ref(cmes[1]!)], 'the 2020 CME is outside the window');

  const error = await t.throwsAsync(() => selectCredentials([licenseQuery], [ny, nj], { picks: [], terminal, now }), { instanceOf: WalletError });
  t.is(error?.code, 'wallet.credential.ambiguous');
  t.is(error?.exitCode, 2);
  t.is(error?.message, `several credentials fit "license in NY or NJ": ${ref(ny)}, ${ref(nj)}; choose one with --pick <ref>`);

  const picked = await selectCredentials([licenseQuery, cmeQuery], [ny, nj, ...cmes], { picks: [ref(nj), ref(cmes[1]!)], terminal, now });
  t.deepEqual(selectedCredentials(picked).map(ref), [ref(nj), ref(cmes[1]!)]);

  await t.throwsAsync(() => selectCredentials([licenseQuery], [ny, nj], { picks: [ref(ny), ref(nj)], terminal, now }), { message: /takes one credential, but --pick names 2/ });
  await t.throwsAsync(() => selectCredentials([licenseQuery], [ny, ...cmes], { picks: [ref(cmes[2]!)], terminal, now }), { message: /does not fit any part of this request/ });
});

test('selection: revoked / suspended / expired credentials are left out and named; nothing usable for a required query is exit 3', async (t) => {
  const terminal = recordingTerminal();
  const suspended = record('MedicalLicenseCredential', { jurisdiction: 'US-NY' }, 'suspended');
  const error = await t.throwsAsync(() => selectCredentials([licenseQuery], [suspended], { picks: [], terminal, now }), { instanceOf: WalletError });
  t.is(error?.exitCode, 3);
  t.is(error?.message, `no usable credential in this wallet for "license in NY or NJ" (${ref(suspended)} is suspended)`);
  const valid = record('MedicalLicenseCredential', { jurisdiction: 'US-NJ' });
  const [selection] = await selectCredentials([licenseQuery], [suspended, valid], { picks: [], terminal, now });
  t.deepEqual(selection?.chosen.map(ref), [ref(valid)]);
  t.deepEqual(selection?.skipped.map((s) => [ref(s.record), s.reason]), [[ref(suspended), 'suspended']]);
  const optional = await selectCredentials([{ ...licenseQuery, required: false }], [], { picks: [], terminal, now });
  t.deepEqual(optional[0]?.chosen, []);
});
