import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCallback, type ScryptOptions } from 'node:crypto';
import { z } from 'zod';
import { CryptoError } from './errors.ts';

/**
 * Private keys at rest.
 *
 * (a) With a 32-byte key-encryption key from config (issuer tenants' keys in the database):
 *     `rcke1.aes-256-gcm.<nonce>.<ciphertext>.<tag>` (base64url parts). AAD = the caller's label
 *     (for example the key's id), so a ciphertext copied onto another row does not decrypt.
 * (b) With a passphrase (the wallet's holder key): scrypt → AES-256-GCM, all parameters recorded in
 *     the JSON output so they can be raised later without breaking old files.
 *
 * Any failure to decrypt — wrong key or passphrase, wrong label, tampered or malformed input — is
 * `crypto.decrypt.failed`: the caller never gets unauthenticated bytes back.
 */

const NONCE_BYTES = 12; // 96-bit GCM nonce, random per encryption
const TAG_BYTES = 16;
const KEK_BYTES = 32;
const KEY_VERSION = 'rcke1';
const CIPHER = 'aes-256-gcm';

function fail(reason: string, cause?: unknown): CryptoError {
  return new CryptoError('crypto.decrypt.failed', `cannot decrypt: ${reason}`, cause === undefined ? undefined : { cause });
}

function sealGcm(key: Uint8Array, plaintext: Uint8Array, aad: string) {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv(CIPHER, key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { nonce, ciphertext, tag: cipher.getAuthTag() };
}

function openGcm(key: Uint8Array, nonce: Buffer, ciphertext: Buffer, tag: Buffer, aad: string): Uint8Array {
  if (nonce.length !== NONCE_BYTES) throw fail(`the nonce must be ${NONCE_BYTES} bytes`);
  if (tag.length !== TAG_BYTES) throw fail(`the authentication tag must be ${TAG_BYTES} bytes`);
  try {
    const decipher = createDecipheriv(CIPHER, key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    const plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    return new Uint8Array(plaintext.buffer, plaintext.byteOffset, plaintext.byteLength);
  } catch (error) {
    throw fail('authentication failed (wrong key, wrong label or tampered data)', error);
  }
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

function fromBase64url(value: string, what: string): Buffer {
  if (!BASE64URL.test(value)) throw fail(`${what} is not base64url`);
  return Buffer.from(value, 'base64url');
}

function assertKek(kek: Uint8Array): void {
  if (!(kek instanceof Uint8Array) || kek.length !== KEK_BYTES) {
    throw new CryptoError('crypto.key.invalid', `the key-encryption key must be ${KEK_BYTES} bytes`);
  }
}

/** Encrypts key material with a 32-byte key-encryption key; `label` is bound as AAD and needed to decrypt. */
export function encryptWithKek(plaintext: Uint8Array, kek: Uint8Array, label: string): string {
  assertKek(kek);
  const { nonce, ciphertext, tag } = sealGcm(kek, plaintext, label);
  return [KEY_VERSION, CIPHER, nonce, ciphertext, tag]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

export function decryptWithKek(encrypted: string, kek: Uint8Array, label: string): Uint8Array {
  assertKek(kek);
  if (typeof encrypted !== 'string') throw fail('the input is not a string');
  const parts = encrypted.split('.');
  if (parts.length !== 5) throw fail(`expected 5 dot-separated parts, got ${parts.length}`);
  const [version, cipher, nonce, ciphertext, tag] = parts as [string, string, string, string, string];
  if (version !== KEY_VERSION) throw fail(`unsupported format version "${version.slice(0, 16)}"`);
  if (cipher !== CIPHER) throw fail(`unsupported cipher "${cipher.slice(0, 32)}"`);
  return openGcm(kek, fromBase64url(nonce, 'the nonce'), fromBase64url(ciphertext, 'the ciphertext'), fromBase64url(tag, 'the tag'), label);
}

// ---- (b) passphrase sealing ----

export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/** 2^17 × 8 × 128 B = 128 MiB and ~0.3 s here: OWASP's scrypt floor, fine for a wallet unlock. */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = Object.freeze({ N: 2 ** 17, r: 8, p: 1 });

// Bounds on what we will derive with, so a crafted file cannot make us spend gigabytes or minutes
// (upper) or silently accept a near-free KDF (lower).
const MIN_LOG2_N = 14;
const MAX_LOG2_N = 20;
const SALT_BYTES = 16;
const MAX_COST = 2 ** 23;

export interface PassphraseSealed {
  readonly v: 1;
  readonly kdf: 'scrypt';
  readonly N: number;
  readonly r: number;
  readonly p: number;
  /** base64url */
  readonly salt: string;
  readonly cipher: 'aes-256-gcm';
  /** base64url, 12 bytes */
  readonly nonce: string;
  /** base64url */
  readonly ciphertext: string;
  /** base64url, 16 bytes */
  readonly tag: string;
}

const sealedSchema = z.strictObject({
  v: z.literal(1),
  kdf: z.literal('scrypt'),
  N: z.number().int(),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
  salt: z.string().regex(BASE64URL),
  cipher: z.literal('aes-256-gcm'),
  nonce: z.string().regex(BASE64URL),
  ciphertext: z.string().regex(BASE64URL),
  tag: z.string().regex(BASE64URL),
});

function assertScryptParams({ N, r, p }: ScryptParams): void {
  const log2 = Math.log2(N);
  if (!Number.isInteger(log2) || log2 < MIN_LOG2_N || log2 > MAX_LOG2_N) {
    throw new CryptoError('crypto.encrypt.invalid', `scrypt N must be a power of two between 2^${MIN_LOG2_N} and 2^${MAX_LOG2_N}`);
  }
  if (!Number.isInteger(r) || r < 1 || r > 32 || !Number.isInteger(p) || p < 1 || p > 16) {
    throw new CryptoError('crypto.encrypt.invalid', 'scrypt r must be 1..32 and p 1..16');
  }
  // Memory is 128·N·r bytes and work grows with N·r·p: cap both at 8× the default (1 GiB).
  if (N * r * p > MAX_COST) {
    throw new CryptoError('crypto.encrypt.invalid', `scrypt N·r·p must be at most 2^${Math.log2(MAX_COST)}`);
  }
}

function deriveKey(passphrase: string, salt: Uint8Array, { N, r, p }: ScryptParams): Promise<Buffer> {
  // scrypt needs 128·N·r bytes (plus 128·r·p); maxmem must exceed it or node refuses.
  const options: ScryptOptions = { N, r, p, maxmem: 128 * N * r + 128 * r * p + 32 * 1024 * 1024 };
  // NFC so the same passphrase typed on different systems (composed vs decomposed accents) matches.
  const secret = Buffer.from(passphrase.normalize('NFC'), 'utf8');
  return new Promise((resolve, reject) => {
    scryptCallback(secret, salt, 32, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/**
 * Seals key material under a passphrase. `label` (optional, e.g. `radwallet-holder-key`) is bound as
 * AAD and must be given again to open.
 */
export async function sealWithPassphrase(
  plaintext: Uint8Array,
  passphrase: string,
  options: { label?: string; params?: ScryptParams } = {},
): Promise<PassphraseSealed> {
  if (typeof passphrase !== 'string' || passphrase.length === 0) {
    throw new CryptoError('crypto.encrypt.invalid', 'the passphrase must be a non-empty string');
  }
  const params = options.params ?? DEFAULT_SCRYPT_PARAMS;
  assertScryptParams(params);
  const salt = randomBytes(SALT_BYTES);
  const key = await deriveKey(passphrase, salt, params);
  const { nonce, ciphertext, tag } = sealGcm(key, plaintext, options.label ?? '');
  key.fill(0);
  return {
    v: 1,
    kdf: 'scrypt',
    N: params.N,
    r: params.r,
    p: params.p,
    salt: salt.toString('base64url'),
    cipher: 'aes-256-gcm',
    nonce: nonce.toString('base64url'),
    ciphertext: ciphertext.toString('base64url'),
    tag: tag.toString('base64url'),
  };
}

/** Opens what `sealWithPassphrase` made; accepts the parsed JSON as it was read from disk. */
export async function openWithPassphrase(sealed: unknown, passphrase: string, options: { label?: string } = {}): Promise<Uint8Array> {
  const parsed = sealedSchema.safeParse(sealed);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join('.') || '(root)';
    throw fail(`not a sealed key (field ${field}: ${parsed.error.issues[0]?.message ?? 'invalid'})`);
  }
  const box = parsed.data;
  try {
    assertScryptParams(box);
  } catch (error) {
    throw fail((error as Error).message);
  }
  const salt = fromBase64url(box.salt, 'the salt');
  if (salt.length < SALT_BYTES) throw fail(`the salt must be at least ${SALT_BYTES} bytes`);
  if (typeof passphrase !== 'string') throw fail('the passphrase must be a string');
  const key = await deriveKey(passphrase, salt, box);
  try {
    return openGcm(
      key,
      fromBase64url(box.nonce, 'the nonce'),
      fromBase64url(box.ciphertext, 'the ciphertext'),
      fromBase64url(box.tag, 'the tag'),
      options.label ?? '',
    );
  } catch (error) {
    if (error instanceof CryptoError) {
      throw fail('wrong passphrase, wrong label or tampered data', error.cause);
    }
    throw error;
  } finally {
    key.fill(0);
  }
}
