import { createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { BoundedMap } from '../cache/boundedMap.ts';
import { CryptoError } from './errors.ts';
import { ED25519_KEY_LENGTH } from './multibase.ts';

/**
 * Ed25519 signing and verifying objects for the @digitalbazaar suites, backed by node:crypto KeyObjects
 * that are created once per key: importing a key (DER parsing, validation) costs more than an Ed25519
 * signature, so nothing here re-imports a key per signature.
 *
 * Every KeyObject this module makes is counted (`keyObjectCreationCounts`), so tests and benchmarks can
 * check through the public API that signing and verifying reuse them.
 */

// DER headers that wrap a raw 32-byte Ed25519 key (RFC 8410): PKCS#8 for the seed, SPKI for the public key.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

const created = { private: 0, public: 0 };

/** How many private and public KeyObjects this module has created since the process started. */
export function keyObjectCreationCounts(): { readonly private: number; readonly public: number } {
  return { ...created };
}

function assertKeyLength(bytes: Uint8Array, what: string): void {
  if (!(bytes instanceof Uint8Array) || bytes.length !== ED25519_KEY_LENGTH) {
    throw new CryptoError('crypto.key.invalid', `an Ed25519 ${what} must be ${ED25519_KEY_LENGTH} bytes`);
  }
}

export function ed25519PrivateKeyObject(seed: Uint8Array): KeyObject {
  assertKeyLength(seed, 'seed');
  const key = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  created.private += 1;
  return key;
}

/**
 * The raw key as a JWK (RFC 8037 OKP): node:crypto imports it with EVP_PKEY_new_raw_public_key,
 * ~10× faster than OpenSSL 3's DER decoder (18 µs against 180 µs here), which matters for a
 * verifier meeting a new holder key in every presentation. Same KeyObject either way (tested).
 */
export function ed25519PublicKeyObject(publicKey: Uint8Array): KeyObject {
  assertKeyLength(publicKey, 'public key');
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey).toString('base64url') }, format: 'jwk' });
  created.public += 1;
  return key;
}

function rawPublicKey(key: KeyObject): Uint8Array {
  const spki = key.export({ format: 'der', type: 'spki' });
  return Uint8Array.from(spki.subarray(SPKI_ED25519_PREFIX.length));
}

/** The Ed25519 public key of a 32-byte seed (RFC 8032 key generation). */
export function ed25519PublicKeyFromSeed(seed: Uint8Array): Uint8Array {
  return rawPublicKey(createPublicKey(ed25519PrivateKeyObject(seed)));
}

/** A signer as `new Ed25519Signature2020({signer})` and `new DataIntegrityProof({signer, cryptosuite})` want it. */
export interface Ed25519Signer {
  /** The verification method id (`did:key:z6Mk…#z6Mk…`) that goes into `proof.verificationMethod`. */
  readonly id: string;
  readonly algorithm: 'Ed25519';
  sign(input: { data: Uint8Array }): Promise<Uint8Array>;
  /** The private KeyObject, created once with the signer; exposed so callers can check it is reused. */
  readonly keyObject: KeyObject;
}

export interface Ed25519Verifier {
  readonly id: string;
  readonly algorithm: 'Ed25519';
  verify(input: { data: Uint8Array; signature: Uint8Array }): Promise<boolean>;
  /** The public KeyObject, created once with the verifier. */
  readonly keyObject: KeyObject;
}

/** The part of a key a signer needs; `Ed25519DidKey` satisfies it. */
export interface SigningKeyMaterial {
  readonly keyId: string;
  readonly publicKey: Uint8Array;
  seed(): Uint8Array;
}

function toUint8Array(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

function buildSigner(id: string, seed: Uint8Array, expectedPublicKey: Uint8Array): Ed25519Signer {
  const keyObject = ed25519PrivateKeyObject(seed);
  // A seed that does not belong to the advertised public key would produce proofs nobody can verify.
  if (!Buffer.from(rawPublicKey(createPublicKey(keyObject))).equals(Buffer.from(expectedPublicKey))) {
    throw new CryptoError('crypto.key.invalid', `the private key does not match the public key of ${id}`);
  }
  return Object.freeze({
    id,
    algorithm: 'Ed25519' as const,
    keyObject,
    async sign({ data }: { data: Uint8Array }): Promise<Uint8Array> {
      return toUint8Array(nodeSign(null, data, keyObject));
    },
  });
}

// One signer per key object for the life of the key: callers may ask again and again.
const signers = new WeakMap<SigningKeyMaterial, Ed25519Signer>();

/** The signer of a key, built on first use and returned again on every later call for the same key. */
export function signerFor(key: SigningKeyMaterial): Ed25519Signer {
  let signer = signers.get(key);
  if (!signer) {
    signer = buildSigner(key.keyId, key.seed(), key.publicKey);
    signers.set(key, signer);
  }
  return signer;
}

/** A verifier for one public key; prefer `verifierFor`, which caches. */
export function createVerifier(id: string, publicKey: Uint8Array): Ed25519Verifier {
  const keyObject = ed25519PublicKeyObject(publicKey);
  return Object.freeze({
    id,
    algorithm: 'Ed25519' as const,
    keyObject,
    async verify({ data, signature }: { data: Uint8Array; signature: Uint8Array }): Promise<boolean> {
      if (signature.length !== 64) return false;
      try {
        return nodeVerify(null, data, keyObject, signature);
      } catch {
        return false;
      }
    },
  });
}

/**
 * Verifiers keyed by verification method id *and* public key, so a loader that ever returned a
 * different key under the same id could not make us verify against a stale one. Bounded: least
 * recently used entries are dropped past `VERIFIER_CACHE_SIZE`.
 */
export const VERIFIER_CACHE_SIZE = 1024;
const verifiers = new BoundedMap<string, Ed25519Verifier>(VERIFIER_CACHE_SIZE, { recency: 'use' });

export function verifierFor(id: string, publicKey: Uint8Array): Ed25519Verifier {
  const cacheKey = `${id}\n${Buffer.from(publicKey).toString('hex')}`;
  const hit = verifiers.get(cacheKey);
  if (hit) return hit;
  const verifier = createVerifier(id, publicKey);
  verifiers.set(cacheKey, verifier);
  return verifier;
}
