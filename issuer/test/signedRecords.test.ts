import test from 'ava';
import { CREDENTIALS_V2_URL, ED25519_2020_URL, RADCRED_CONTEXT_URL } from '../../core/credential/contexts.ts';
import { sampleSubjects } from '../../core/credential/test/fixtures/samples.ts';
import { generateDidKey } from '../../core/crypto/didKey.ts';
import { signerFor } from '../../core/crypto/keyObjects.ts';
import { credentialHash } from '../../core/log/index.ts';
import { closeSigningPools, credentialSigner, inProcessSigner } from '../services/credentialSigner.ts';
import type { TenantSigningKey } from '../services/tenantSigner.ts';

test.after.always(() => closeSigningPools());

/**
 * Issuance asks the signer for records (JSON text + log hash, computed on the signing threads); they
 * must be exactly the credentials `sign` returns, serialised, and their log hash.
 */
function tenantKey(): TenantSigningKey {
  const key = generateDidKey();
  return { issuerId: 'tenant-1', did: key.did, keyId: key.keyId, key, signer: signerFor(key) };
}

function credentials(issuer: string, n: number) {
  const holder = generateDidKey();
  return Array.from({ length: n }, (_, i) => ({
    '@context': [CREDENTIALS_V2_URL, RADCRED_CONTEXT_URL, ED25519_2020_URL],
    id: `urn:uuid:${crypto.randomUUID()}`,
    type: ['VerifiableCredential', 'CMECreditCredential'],
    issuer,
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: { ...sampleSubjects.CMECreditCredential, id: holder.did, activityId: `REC-${i}` },
  }));
}

test('signRecords answers, in order, the JSON text and log hash of what sign returns — in process and on threads', async (t) => {
  const key = tenantKey();
  const unsigned = credentials(key.did, 5);
  const date = new Date('2026-03-01T12:00:00Z');
  // Ed25519 signatures are deterministic: the same input, key and date give the same proof.
  // (Each call gets its own copy: the stock issue call may add the proof to the object it is given.)
  const expected = await inProcessSigner.sign(key, structuredClone(unsigned), date);
  for (const signer of [inProcessSigner, credentialSigner(2)]) {
    const records = await signer.signRecords(key, structuredClone(unsigned), date);
    t.is(records.length, unsigned.length);
    records.forEach((record, i) => {
      t.deepEqual(JSON.parse(record.json), expected[i], `credential ${i} with ${signer.threads} threads`);
      t.is(record.credentialHash, credentialHash(expected[i]));
      t.regex(record.credentialHash, /^sha256:[0-9a-f]{64}$/);
    });
  }
  t.deepEqual(await credentialSigner(2).signRecords(key, [], date), []);
});
