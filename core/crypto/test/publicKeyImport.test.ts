import { createPublicKey, sign, verify } from 'node:crypto';
import test from 'ava';
import fc from 'fast-check';
import { generateDidKey } from '../didKey.ts';
import { ed25519PrivateKeyObject, ed25519PublicKeyObject } from '../keyObjects.ts';

/** RFC 8410 SubjectPublicKeyInfo prefix of a raw Ed25519 public key: the reference import. */
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

function derImport(publicKey: Uint8Array) {
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, publicKey]), format: 'der', type: 'spki' });
}

test('the JWK import of a raw public key is the same key as the SPKI DER import, for any 32 bytes (property)', (t) => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
      const fast = ed25519PublicKeyObject(bytes);
      const reference = derImport(bytes);
      return fast.asymmetricKeyType === 'ed25519' && fast.equals(reference) && fast.export({ format: 'der', type: 'spki' }).equals(reference.export({ format: 'der', type: 'spki' }));
    }),
    { numRuns: 300 },
  );
  t.pass();
});

test('a signature verifies under the JWK-imported key exactly as under the DER-imported one', (t) => {
  const key = generateDidKey();
  const privateKey = ed25519PrivateKeyObject(key.seed());
  const data = Buffer.from('radcred');
  const signature = sign(null, data, privateKey);
  const tampered = Buffer.from(signature);
  tampered[0] = (tampered[0] ?? 0) ^ 1;
  for (const publicKey of [ed25519PublicKeyObject(key.publicKey), derImport(key.publicKey)]) {
    t.true(verify(null, data, publicKey, signature));
    t.false(verify(null, data, publicKey, tampered));
  }
});

test('a public key that is not 32 bytes is refused before any import', (t) => {
  t.throws(() => ed25519PublicKeyObject(new Uint8Array(31)), { message: /32 bytes/ });
  t.throws(() => ed25519PublicKeyObject(new Uint8Array(33)), { message: /32 bytes/ });
});
