import test from 'ava';
import { generateDidKey } from '../didKey.ts';
import { keyObjectCreationCounts, signerFor, verifierFor } from '../keyObjects.ts';
import { verifierForVerificationMethod } from '../suites.ts';

test.serial('a key has one signer, and 1,000 signatures create no new KeyObject', async (t) => {
  const key = generateDidKey();
  const signer = signerFor(key);
  t.is(signerFor(key), signer, 'asking again returns the same signer');
  t.is(signer.id, key.keyId);
  t.is(signer.algorithm, 'Ed25519');
  const keyObject = signer.keyObject;
  const before = keyObjectCreationCounts();
  const verifier = verifierFor(key.keyId, key.publicKey);
  const afterVerifier = keyObjectCreationCounts();

  const data = new TextEncoder().encode('radcred');
  let allValid = true;
  for (let i = 0; i < 1000; i += 1) {
    const signature = await signer.sign({ data });
    if (signature.length !== 64 || !(await verifier.verify({ data, signature }))) allValid = false;
  }
  t.true(allValid);
  t.is(signer.keyObject, keyObject, 'the same private KeyObject instance is used');
  t.is(signerFor(key).keyObject, keyObject);
  t.deepEqual(keyObjectCreationCounts(), afterVerifier, 'no KeyObject was created while signing and verifying');
  t.is(afterVerifier.private, before.private);
  t.is(afterVerifier.public, before.public + 1, 'the verifier made exactly one public KeyObject');
});

test('verifiers are cached per verification method and key', (t) => {
  const key = generateDidKey();
  const vm = { id: key.keyId, type: 'Ed25519VerificationKey2020', controller: key.did, publicKeyMultibase: key.publicKeyMultibase };
  const first = verifierForVerificationMethod(vm);
  const before = keyObjectCreationCounts();
  t.is(verifierForVerificationMethod({ ...vm }), first);
  t.is(verifierForVerificationMethod({ ...vm, type: 'Multikey' }), first);
  t.deepEqual(keyObjectCreationCounts(), before);
  // Same id, another key: never the cached verifier.
  const other = generateDidKey();
  t.not(verifierForVerificationMethod({ ...vm, publicKeyMultibase: other.publicKeyMultibase }), first);
});

test('a verifier rejects a wrong signature, other data and a malformed signature', async (t) => {
  const key = generateDidKey();
  const signer = signerFor(key);
  const verifier = verifierFor(key.keyId, key.publicKey);
  const data = new TextEncoder().encode('license 298311');
  const signature = await signer.sign({ data });
  t.true(await verifier.verify({ data, signature }));
  t.false(await verifier.verify({ data: new TextEncoder().encode('license 298312'), signature }));
  const flipped = Uint8Array.from(signature);
  flipped[10] = (flipped[10] ?? 0) ^ 1;
  t.false(await verifier.verify({ data, signature: flipped }));
  t.false(await verifier.verify({ data, signature: signature.subarray(0, 63) }));
});

test('an unsupported verification method type is a coded error', (t) => {
  const error = t.throws(() => verifierForVerificationMethod({ id: 'did:example:1#k', type: 'EcdsaSecp256k1VerificationKey2019', publicKeyHex: '02' }));
  t.is((error as { code?: string }).code, 'crypto.verificationMethod.unsupported');
});
