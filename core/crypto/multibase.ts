import { decode as base58Decode, encode as base58Encode } from 'base58-universal';

/**
 * Multibase (base58btc, `z`) + multicodec encodings of Ed25519 keys, as did:key and Multikey use them.
 * Decoding reports *why* a value is wrong (a reason string) so callers can raise their own coded error.
 */
export const ED25519_PUBLIC_KEY_MULTICODEC = Object.freeze([0xed, 0x01] as const); // ed25519-pub
export const ED25519_SECRET_KEY_MULTICODEC = Object.freeze([0x80, 0x26] as const); // ed25519-priv (0x1300)
export const ED25519_KEY_LENGTH = 32;

/** Multicodec headers seen in did:key values we do not support, so an error can say what was found. */
const KNOWN_OTHER_HEADERS: ReadonlyMap<string, string> = new Map([
  ['ec01', 'x25519-pub'],
  ['8024', 'p256-pub'],
  ['8124', 'p384-pub'],
  ['e701', 'secp256k1-pub'],
  ['8026', 'ed25519-priv'],
  ['eb01', 'bls12_381-g2-pub'],
]);

const BASE58_ALPHABET = /^[1-9A-HJ-NP-Za-km-z]+$/;

export type DecodeResult = { readonly ok: true; readonly key: Uint8Array } | { readonly ok: false; readonly reason: string };

function encode(header: readonly number[], key: Uint8Array): string {
  const bytes = new Uint8Array(header.length + key.length);
  bytes.set(header, 0);
  bytes.set(key, header.length);
  return 'z' + base58Encode(bytes);
}

function decode(value: string, header: readonly number[], what: string): DecodeResult {
  if (value.length === 0) return { ok: false, reason: `the ${what} is empty` };
  if (value[0] !== 'z') {
    return { ok: false, reason: `the ${what} must be multibase base58btc (start with "z"), it starts with "${value[0]}"` };
  }
  const body = value.slice(1);
  // 34 bytes are at most 47 base58 characters; anything much longer is not a key (and is not worth decoding).
  if (body.length > 64) return { ok: false, reason: `the ${what} is too long (${value.length} characters)` };
  if (!BASE58_ALPHABET.test(body)) return { ok: false, reason: `the ${what} is not valid base58btc (bad character)` };
  const bytes: Uint8Array | undefined = base58Decode(body);
  if (bytes === undefined) return { ok: false, reason: `the ${what} is not valid base58btc` };
  if (bytes.length < 2) return { ok: false, reason: `the ${what} is too short (${bytes.length} bytes)` };
  if (bytes[0] !== header[0] || bytes[1] !== header[1]) {
    const found = Buffer.from(bytes.subarray(0, 2)).toString('hex');
    const name = KNOWN_OTHER_HEADERS.get(found);
    const expected = Buffer.from(header).toString('hex');
    return {
      ok: false,
      reason: `the ${what} has the wrong multicodec 0x${found}${name ? ` (${name})` : ''}, expected 0x${expected}`,
    };
  }
  const key = bytes.subarray(2);
  if (key.length !== ED25519_KEY_LENGTH) {
    return { ok: false, reason: `the ${what} has the wrong length: ${key.length} key bytes, expected ${ED25519_KEY_LENGTH}` };
  }
  // base58 without leading zero bytes has one spelling; re-encoding guards against any decoder leniency.
  if (base58Encode(bytes) !== body) return { ok: false, reason: `the ${what} is not canonical base58btc` };
  return { ok: true, key: Uint8Array.from(key) };
}

export function encodeEd25519PublicKeyMultibase(publicKey: Uint8Array): string {
  return encode(ED25519_PUBLIC_KEY_MULTICODEC, publicKey);
}

export function decodeEd25519PublicKeyMultibase(value: string): DecodeResult {
  return decode(value, ED25519_PUBLIC_KEY_MULTICODEC, 'public key multibase');
}

export function encodeEd25519SecretKeyMultibase(seed: Uint8Array): string {
  return encode(ED25519_SECRET_KEY_MULTICODEC, seed);
}

export function decodeEd25519SecretKeyMultibase(value: string): DecodeResult {
  return decode(value, ED25519_SECRET_KEY_MULTICODEC, 'secret key multibase');
}

/** Raw base58btc (no multibase prefix, no multicodec), as `publicKeyBase58` of Ed25519VerificationKey2018 uses. */
export function decodeBase58(value: string): Uint8Array | undefined {
  if (value.length === 0 || value.length > 128 || !BASE58_ALPHABET.test(value)) return undefined;
  const bytes: Uint8Array | undefined = base58Decode(value);
  return bytes;
}

export function encodeBase58(bytes: Uint8Array): string {
  return base58Encode(bytes);
}
