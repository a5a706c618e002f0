import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { BoundedMap } from '../cache/boundedMap.ts';
import { CryptoError } from './errors.ts';
import { ed25519PublicKeyFromSeed } from './keyObjects.ts';
import {
  ED25519_KEY_LENGTH,
  decodeEd25519PublicKeyMultibase,
  decodeEd25519SecretKeyMultibase,
  encodeEd25519PublicKeyMultibase,
  encodeEd25519SecretKeyMultibase,
} from './multibase.ts';

/**
 * Ed25519 keys as did:key (https://w3c-ccg.github.io/did-key-spec/): the DID is
 * `did:key:` + multibase(base58btc, 0xed01 ‖ public key), and its one verification method is
 * `<did>#<same multibase>`.
 */
export const DID_KEY_PREFIX = 'did:key:';

function malformed(input: string, reason: string): CryptoError {
  const shown = input.length > 80 ? `${input.slice(0, 80)}…` : input;
  return new CryptoError('crypto.didkey.malformed', `malformed did:key "${shown}": ${reason}`);
}

/** An Ed25519 key pair with its did:key. The seed is private: not enumerable, not in JSON, not in logs. */
export class Ed25519DidKey {
  readonly did: string;
  /** The verification method id, `did:key:z6Mk…#z6Mk…`. */
  readonly keyId: string;
  readonly publicKeyMultibase: string;
  readonly publicKey: Uint8Array;
  readonly #seed: Uint8Array;

  private constructor(seed: Uint8Array, publicKey: Uint8Array) {
    this.#seed = Uint8Array.from(seed);
    this.publicKey = Uint8Array.from(publicKey);
    this.publicKeyMultibase = encodeEd25519PublicKeyMultibase(publicKey);
    this.did = DID_KEY_PREFIX + this.publicKeyMultibase;
    this.keyId = `${this.did}#${this.publicKeyMultibase}`;
    Object.freeze(this);
  }

  /** RFC 8032 key generation from a 32-byte seed (the raw private key). */
  static fromSeed(seed: Uint8Array): Ed25519DidKey {
    if (!(seed instanceof Uint8Array) || seed.length !== ED25519_KEY_LENGTH) {
      throw new CryptoError('crypto.key.invalid', `an Ed25519 seed must be ${ED25519_KEY_LENGTH} bytes`);
    }
    return new Ed25519DidKey(seed, ed25519PublicKeyFromSeed(seed));
  }

  static generate(): Ed25519DidKey {
    return Ed25519DidKey.fromSeed(randomBytes(ED25519_KEY_LENGTH));
  }

  /** A copy of the 32-byte seed (the raw private key). */
  seed(): Uint8Array {
    return Uint8Array.from(this.#seed);
  }

  /** The private key as Multikey `secretKeyMultibase` (multicodec 0x1300 ed25519-priv + seed). */
  secretKeyMultibase(): string {
    return encodeEd25519SecretKeyMultibase(this.#seed);
  }

  /** Public fields only: safe to log or serve. */
  toJSON(): { did: string; keyId: string; publicKeyMultibase: string } {
    return { did: this.did, keyId: this.keyId, publicKeyMultibase: this.publicKeyMultibase };
  }
}

export function generateDidKey(): Ed25519DidKey {
  return Ed25519DidKey.generate();
}

export function didKeyFromSeed(seed: Uint8Array): Ed25519DidKey {
  return Ed25519DidKey.fromSeed(seed);
}

/** The JSON form of a key pair (for storage after encryption, or test fixtures). */
export interface DidKeyJson {
  readonly type: 'Ed25519DidKey';
  readonly did: string;
  readonly publicKeyMultibase: string;
  readonly secretKeyMultibase: string;
}

export function exportDidKeyJson(key: Ed25519DidKey): DidKeyJson {
  return {
    type: 'Ed25519DidKey',
    did: key.did,
    publicKeyMultibase: key.publicKeyMultibase,
    secretKeyMultibase: key.secretKeyMultibase(),
  };
}

const didKeyJsonSchema = z
  .object({
    type: z.literal('Ed25519DidKey').optional(),
    did: z.string().optional(),
    publicKeyMultibase: z.string(),
    // `privateKeyMultibase` is the older name some test suites (vc-di-eddsa) still use.
    secretKeyMultibase: z.string().optional(),
    privateKeyMultibase: z.string().optional(),
  })
  .refine((v) => (v.secretKeyMultibase ?? v.privateKeyMultibase) !== undefined, {
    message: 'secretKeyMultibase is required',
    path: ['secretKeyMultibase'],
  });

/**
 * Imports the JSON form (also the `{publicKeyMultibase, privateKeyMultibase}` Multikey pair of the
 * vc-di-eddsa vectors). The seed must produce the stated public key and DID, so a mixed-up file is
 * caught here and not as an unverifiable signature later.
 */
export function importDidKeyJson(json: unknown): Ed25519DidKey {
  const parsed = didKeyJsonSchema.safeParse(json);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new CryptoError('crypto.key.invalid', `not a did:key key pair: ${fields}`);
  }
  const { did, publicKeyMultibase } = parsed.data;
  const secret = (parsed.data.secretKeyMultibase ?? parsed.data.privateKeyMultibase) as string;
  const decodedSecret = decodeEd25519SecretKeyMultibase(secret);
  if (!decodedSecret.ok) throw new CryptoError('crypto.key.invalid', `secretKeyMultibase: ${decodedSecret.reason}`);
  const key = Ed25519DidKey.fromSeed(decodedSecret.key);
  if (key.publicKeyMultibase !== publicKeyMultibase) {
    throw new CryptoError('crypto.key.invalid', 'publicKeyMultibase does not match the public key of the secret key');
  }
  if (did !== undefined && did !== key.did) {
    throw new CryptoError('crypto.key.invalid', 'did does not match the public key of the secret key');
  }
  return key;
}

/** A parsed did:key or did:key verification method id. */
export interface ParsedDidKey {
  readonly did: string;
  /** The verification method id; for a bare DID, the one the DID implies. */
  readonly keyId: string;
  readonly publicKeyMultibase: string;
  readonly publicKey: Uint8Array;
  /** The fragment given in the input (without `#`), if any. */
  readonly fragment: string | undefined;
}

/**
 * Strict parse of `did:key:z6Mk…` or `did:key:z6Mk…#z6Mk…` (Ed25519 only). Anything else — another
 * method, a did:key version prefix, a path or query, bad base58, another key type, a wrong length, a
 * fragment that is not the key's own — throws `crypto.didkey.malformed` naming the problem.
 */
/**
 * Verification parses the same few issuer and holder DIDs in every schema check, trust lookup and
 * proof: valid parses are remembered (bounded), each caller gets its own copy of the key bytes.
 */
const parsedDidKeys = new BoundedMap<string, ParsedDidKey>(10_000);

export function parseDidKey(input: string): ParsedDidKey {
  const known = typeof input === 'string' ? parsedDidKeys.get(input) : undefined;
  if (known) return { ...known, publicKey: known.publicKey.slice() };
  const parsed = parseDidKeyUncached(input);
  parsedDidKeys.set(input, parsed);
  return { ...parsed, publicKey: parsed.publicKey.slice() };
}

function parseDidKeyUncached(input: string): ParsedDidKey {
  if (typeof input !== 'string') throw malformed(String(input), 'not a string');
  if (input.length > 256) throw malformed(input, `too long (${input.length} characters)`);
  if (!input.startsWith(DID_KEY_PREFIX)) throw malformed(input, 'bad prefix: must start with "did:key:"');
  const rest = input.slice(DID_KEY_PREFIX.length);
  const hash = rest.indexOf('#');
  const methodSpecificId = hash === -1 ? rest : rest.slice(0, hash);
  const fragment = hash === -1 ? undefined : rest.slice(hash + 1);
  if (/[/?:;%\s]/.test(methodSpecificId)) {
    throw malformed(input, 'only a bare did:key or did:key#fragment is accepted (no version, path, query or parameters)');
  }
  const decoded = decodeEd25519PublicKeyMultibase(methodSpecificId);
  if (!decoded.ok) throw malformed(input, decoded.reason);
  if (fragment !== undefined && fragment !== methodSpecificId) {
    throw malformed(input, 'the fragment must be the key\'s own multibase value (did:key:<key>#<key>)');
  }
  const did = DID_KEY_PREFIX + methodSpecificId;
  return { did, keyId: `${did}#${methodSpecificId}`, publicKeyMultibase: methodSpecificId, publicKey: decoded.key, fragment };
}

export function didFromPublicKey(publicKey: Uint8Array): string {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== ED25519_KEY_LENGTH) {
    throw new CryptoError('crypto.key.invalid', `an Ed25519 public key must be ${ED25519_KEY_LENGTH} bytes`);
  }
  return DID_KEY_PREFIX + encodeEd25519PublicKeyMultibase(publicKey);
}

export function publicKeyFromDid(didOrKeyId: string): Uint8Array {
  return parseDidKey(didOrKeyId).publicKey;
}

/** True when the string is an Ed25519 did:key (no fragment). */
export function isDidKey(value: string): boolean {
  try {
    return parseDidKey(value).fragment === undefined;
  } catch {
    return false;
  }
}
