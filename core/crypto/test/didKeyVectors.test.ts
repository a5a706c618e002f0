import test from 'ava';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import {
  didFromPublicKey,
  didKeyFromSeed,
  exportDidKeyJson,
  generateDidKey,
  importDidKeyJson,
  parseDidKey,
  publicKeyFromDid,
} from '../didKey.ts';
import { decodeBase58 } from '../multibase.ts';

interface VectorEntry {
  seed: string;
  verificationKeyPair: {
    id: string;
    type: string;
    controller: string;
    publicKeyBase58?: string;
    publicKeyJwk?: { x: string };
  };
  didDocument: { id: string; verificationMethod: { id: string }[] };
}

const vectors = JSON.parse(
  readFileSync(new URL('../../../../shared/vectors/did-key/ed25519-x25519.json', import.meta.url), 'utf8'),
) as Record<string, VectorEntry>;

test('the vector file has Ed25519 entries to check', (t) => {
  t.true(Object.keys(vectors).length >= 5);
});

for (const [did, entry] of Object.entries(vectors)) {
  test(`did:key vector ${did.slice(0, 24)}… (seed …${entry.seed.slice(-2)}) is reproduced from its seed`, (t) => {
    const key = didKeyFromSeed(Buffer.from(entry.seed, 'hex'));
    t.is(key.did, did);
    t.is(key.did, entry.didDocument.id);
    t.is(key.keyId, `${did}#${did.slice('did:key:'.length)}`);
    t.is<string | undefined, string | undefined>(key.keyId, entry.didDocument.verificationMethod[0]?.id);

    const pair = entry.verificationKeyPair;
    const expectedPublicKey = pair.publicKeyBase58 !== undefined
      ? decodeBase58(pair.publicKeyBase58)
      : Buffer.from(pair.publicKeyJwk?.x ?? '', 'base64url');
    t.truthy(expectedPublicKey);
    t.deepEqual(Buffer.from(key.publicKey), Buffer.from(expectedPublicKey as Uint8Array));
    t.deepEqual(Buffer.from(publicKeyFromDid(did)), Buffer.from(key.publicKey));
    t.is(didFromPublicKey(key.publicKey), did);
  });
}

test('DID ↔ public key round-trips for any 32-byte key (property)', (t) => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (publicKey) => {
      const did = didFromPublicKey(publicKey);
      const parsed = parseDidKey(`${did}#${did.slice(8)}`);
      return parsed.did === did && Buffer.from(parsed.publicKey).equals(Buffer.from(publicKey)) && did.startsWith('did:key:z6Mk');
    }),
    { numRuns: 300 },
  );
  t.pass();
});

test('the JSON form round-trips and hides the seed from JSON.stringify of the key', (t) => {
  const key = generateDidKey();
  const json = exportDidKeyJson(key);
  t.is(json.type, 'Ed25519DidKey');
  t.true(json.secretKeyMultibase.startsWith('z3u2'));
  const back = importDidKeyJson(JSON.parse(JSON.stringify(json)));
  t.is(back.did, key.did);
  t.deepEqual(Buffer.from(back.seed()), Buffer.from(key.seed()));
  // Logging a key must not log its secret.
  const logged = JSON.stringify(key);
  t.false(logged.includes(json.secretKeyMultibase));
  t.false(logged.includes(Buffer.from(key.seed()).toString('hex')));
  t.deepEqual(Object.keys(JSON.parse(logged) as object).sort(), ['did', 'keyId', 'publicKeyMultibase']);
});

test('seed() returns a copy: mutating it does not change the key', (t) => {
  const key = didKeyFromSeed(new Uint8Array(32).fill(1));
  const seed = key.seed();
  seed.fill(0);
  t.deepEqual(Buffer.from(key.seed()), Buffer.alloc(32, 1));
});

test('importing a key pair whose public key does not match its secret key is refused', (t) => {
  const a = exportDidKeyJson(generateDidKey());
  const b = exportDidKeyJson(generateDidKey());
  const error = t.throws(() => importDidKeyJson({ ...a, publicKeyMultibase: b.publicKeyMultibase }));
  t.is((error as { code?: string }).code, 'crypto.key.invalid');
  t.regex(error.message, /publicKeyMultibase does not match/);
  const noSecret = t.throws(() => importDidKeyJson({ publicKeyMultibase: a.publicKeyMultibase }));
  t.regex(noSecret.message, /secretKeyMultibase/);
});

test('the vc-di-eddsa Multikey pair imports to the did:key its vectors use', (t) => {
  const pair = JSON.parse(
    readFileSync(new URL('../../../../shared/vectors/vc-di-eddsa/keyPair.json', import.meta.url), 'utf8'),
  ) as unknown;
  const key = importDidKeyJson(pair);
  t.is(key.did, 'did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2');
});

test('a seed of the wrong length is refused with a coded error', (t) => {
  const error = t.throws(() => didKeyFromSeed(new Uint8Array(31)));
  t.is((error as { code?: string }).code, 'crypto.key.invalid');
});
