import { createPublicKey, sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { ed25519PrivateKeyObject, ed25519PublicKeyObject } from '../crypto/keyObjects.ts';
import { concatBytes, decodeBase64Strict, encodeBase64, readUint32BigEndian, utf8Bytes, uint64BigEndian, readUint64BigEndian } from './bytes.ts';
import { LogError } from './errors.ts';
import { sha256Bytes } from './hashing.ts';
import { hex8, isValidKeyName, type NoteSigner, type NoteVerifier } from './signedNote.ts';

/**
 * Signed-note keys: verifier key strings `name+hex8(keyID)+base64(type || public key)` (C2SP
 * signed-note), signer key strings `PRIVATE+KEY+name+hex8(keyID)+base64(0x01 || seed)`
 * (golang.org/x/mod/sumdb/note), and the signers and verifiers they stand for: Ed25519 (type 0x01)
 * and timestamped Ed25519 witness cosignatures (type 0x04, c2sp.org/tlog-cosignature cosignature/v1).
 * Node KeyObjects are created once per signer or verifier, never per signature.
 */

export const SIGNATURE_TYPE_ED25519 = 0x01;
export const SIGNATURE_TYPE_COSIGNATURE_V1 = 0x04;
export type NoteSignatureType = typeof SIGNATURE_TYPE_ED25519 | typeof SIGNATURE_TYPE_COSIGNATURE_V1;

const ED25519_KEY_SIZE = 32;
const ED25519_SIGNATURE_SIZE = 64;
const SPKI_ED25519_PREFIX_LENGTH = 12;
/** cosignature/v1 timestamps MUST NOT exceed 2^63 - 1. */
const MAX_COSIGNATURE_TIMESTAMP = (1n << 63n) - 1n;

function keyError(message: string): LogError {
  return new LogError('log.note.key_malformed', message);
}

/** key ID = SHA-256(name || 0x0A || type || public key)[:4], as a uint32. */
export function noteKeyId(name: string, type: number, publicKey: Uint8Array): number {
  const digest = sha256Bytes(concatBytes(utf8Bytes(name), Uint8Array.of(0x0a, type), publicKey));
  return readUint32BigEndian(digest, 0);
}

export interface VerifierKey {
  readonly name: string;
  readonly keyId: number;
  readonly type: NoteSignatureType;
  readonly publicKey: Uint8Array;
}

export function formatVerifierKey(name: string, type: NoteSignatureType, publicKey: Uint8Array): string {
  if (!isValidKeyName(name)) throw keyError(`invalid key name "${name}"`);
  if (publicKey.length !== ED25519_KEY_SIZE) throw keyError(`an Ed25519 public key is ${ED25519_KEY_SIZE} bytes`);
  return `${name}+${hex8(noteKeyId(name, type, publicKey))}+${encodeBase64(concatBytes(Uint8Array.of(type), publicKey))}`;
}

/** Splits a vkey string and checks that its key ID matches its name and key. */
export function parseVerifierKey(vkey: string): VerifierKey {
  // The base64 key may itself contain '+': split off the first two fields only (as x/mod does).
  const parts = splitFields(vkey, 3);
  if (parts === undefined) throw keyError('a verifier key is name+keyid+key');
  const [name, idHex, keyBase64] = parts as [string, string, string];
  if (!isValidKeyName(name)) throw keyError(`invalid key name "${name}"`);
  if (!/^[0-9a-fA-F]{8}$/.test(idHex)) throw keyError(`key ID "${idHex}" is not 8 hex digits`);
  const key = decodeBase64Strict(keyBase64);
  if (key === undefined || key.length === 0) throw keyError(`key of ${name} is not standard base64`);
  const type = key[0];
  if (type !== SIGNATURE_TYPE_ED25519 && type !== SIGNATURE_TYPE_COSIGNATURE_V1) {
    throw keyError(`key of ${name} has unsupported signature type 0x${(type ?? 0).toString(16).padStart(2, '0')}`);
  }
  const publicKey = key.subarray(1);
  if (publicKey.length !== ED25519_KEY_SIZE) throw keyError(`key of ${name} is not a ${ED25519_KEY_SIZE}-byte Ed25519 key`);
  const keyId = noteKeyId(name, type, publicKey);
  if (keyId !== Number.parseInt(idHex, 16)) throw keyError(`key ID ${idHex} of ${name} does not match its key (${hex8(keyId)})`);
  return { name, keyId, type, publicKey: new Uint8Array(publicKey) };
}

/** Splits at the first count-1 '+' signs; the last field keeps any further '+'. */
function splitFields(text: string, count: number): string[] | undefined {
  const fields: string[] = [];
  let rest = text;
  for (let i = 0; i < count - 1; i += 1) {
    const plus = rest.indexOf('+');
    if (plus < 0) return undefined;
    fields.push(rest.slice(0, plus));
    rest = rest.slice(plus + 1);
  }
  fields.push(rest);
  return fields;
}

function publicKeyObject(publicKey: Uint8Array, name: string): KeyObject {
  try {
    return ed25519PublicKeyObject(publicKey);
  } catch {
    throw keyError(`key of ${name} is not a valid Ed25519 public key`);
  }
}

function ed25519Verify(key: KeyObject, message: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== ED25519_SIGNATURE_SIZE) return false;
  try {
    return nodeVerify(null, message, key, signature);
  } catch {
    return false;
  }
}

export interface KeyedNoteVerifier extends NoteVerifier {
  readonly type: NoteSignatureType;
  readonly publicKey: Uint8Array;
}

/** Verifies plain Ed25519 note signatures (type 0x01). */
export function ed25519NoteVerifier(name: string, publicKey: Uint8Array): KeyedNoteVerifier {
  const key = publicKeyObject(publicKey, name);
  return Object.freeze({
    name,
    keyId: noteKeyId(name, SIGNATURE_TYPE_ED25519, publicKey),
    type: SIGNATURE_TYPE_ED25519,
    publicKey: new Uint8Array(publicKey),
    verify: (text: Uint8Array, signature: Uint8Array) => ed25519Verify(key, text, signature),
  });
}

/** The message a cosignature/v1 signs: "cosignature/v1\ntime <t>\n" followed by the note text. */
export function cosignatureMessage(text: Uint8Array, timestamp: bigint): Uint8Array {
  return concatBytes(utf8Bytes(`cosignature/v1\ntime ${timestamp}\n`), text);
}

export interface Cosignature {
  readonly timestamp: bigint;
  readonly signature: Uint8Array;
}

/** Splits a cosignature/v1 signature field (after the key ID): u64 big-endian timestamp || Ed25519 signature. */
export function parseCosignatureV1(signature: Uint8Array): Cosignature {
  if (signature.length !== 8 + ED25519_SIGNATURE_SIZE) {
    throw new LogError('log.note.malformed', `a cosignature/v1 signature is ${8 + ED25519_SIGNATURE_SIZE} bytes, got ${signature.length}`);
  }
  const timestamp = readUint64BigEndian(signature, 0);
  if (timestamp > MAX_COSIGNATURE_TIMESTAMP) throw new LogError('log.note.malformed', 'cosignature timestamp exceeds 2^63-1');
  return { timestamp, signature: signature.subarray(8) };
}

/** Verifies witness cosignatures (type 0x04); the timestamp is inside the signature field. */
export function cosignatureV1Verifier(name: string, publicKey: Uint8Array): KeyedNoteVerifier {
  const key = publicKeyObject(publicKey, name);
  return Object.freeze({
    name,
    keyId: noteKeyId(name, SIGNATURE_TYPE_COSIGNATURE_V1, publicKey),
    type: SIGNATURE_TYPE_COSIGNATURE_V1,
    publicKey: new Uint8Array(publicKey),
    verify(text: Uint8Array, signature: Uint8Array): boolean {
      let parsed: Cosignature;
      try {
        parsed = parseCosignatureV1(signature);
      } catch {
        return false;
      }
      return ed25519Verify(key, cosignatureMessage(text, parsed.timestamp), parsed.signature);
    },
  });
}

/** A verifier for a vkey string, of whichever supported type it names. */
export function verifierFromKey(vkey: string): KeyedNoteVerifier {
  const parsed = parseVerifierKey(vkey);
  return parsed.type === SIGNATURE_TYPE_ED25519
    ? ed25519NoteVerifier(parsed.name, parsed.publicKey)
    : cosignatureV1Verifier(parsed.name, parsed.publicKey);
}

export interface KeyedNoteSigner extends NoteSigner {
  readonly type: NoteSignatureType;
  readonly publicKey: Uint8Array;
  /** The vkey string others use to verify this signer. */
  readonly verifierKey: string;
}

function privateKey(seed: Uint8Array, name: string): { key: KeyObject; publicKey: Uint8Array } {
  if (!(seed instanceof Uint8Array) || seed.length !== ED25519_KEY_SIZE) {
    throw keyError(`the Ed25519 seed of ${name} must be ${ED25519_KEY_SIZE} bytes`);
  }
  const key = ed25519PrivateKeyObject(seed);
  const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
  return { key, publicKey: new Uint8Array(spki.subarray(SPKI_ED25519_PREFIX_LENGTH)) };
}

function signerFor(name: string, type: NoteSignatureType, seed: Uint8Array, signWith: (key: KeyObject, text: Uint8Array) => Uint8Array): KeyedNoteSigner {
  if (!isValidKeyName(name)) throw keyError(`invalid key name "${name}"`);
  const { key, publicKey } = privateKey(seed, name);
  return Object.freeze({
    name,
    keyId: noteKeyId(name, type, publicKey),
    type,
    publicKey,
    verifierKey: formatVerifierKey(name, type, publicKey),
    sign: (text: Uint8Array) => signWith(key, text),
  });
}

/** Signs notes with Ed25519 (type 0x01); the private KeyObject is made once here. */
export function ed25519NoteSigner(name: string, seed: Uint8Array): KeyedNoteSigner {
  return signerFor(name, SIGNATURE_TYPE_ED25519, seed, (key, text) => new Uint8Array(nodeSign(null, text, key)));
}

/**
 * Cosigns notes as a witness (cosignature/v1, type 0x04). `clock` gives the POSIX time in seconds
 * to put in each cosignature (injected so signing stays a pure function of its inputs).
 */
export function cosignatureV1Signer(name: string, seed: Uint8Array, clock: () => bigint): KeyedNoteSigner {
  return signerFor(name, SIGNATURE_TYPE_COSIGNATURE_V1, seed, (key, text) => {
    const timestamp = clock();
    if (timestamp < 0n || timestamp > MAX_COSIGNATURE_TIMESTAMP) throw keyError('cosignature timestamp out of range');
    const signature = nodeSign(null, cosignatureMessage(text, timestamp), key);
    return concatBytes(uint64BigEndian(timestamp), signature);
  });
}

/** `PRIVATE+KEY+name+hex8(keyID)+base64(0x01 || seed)`, as golang.org/x/mod/sumdb/note writes it. */
export function formatSignerKey(name: string, seed: Uint8Array): string {
  const signer = ed25519NoteSigner(name, seed);
  return `PRIVATE+KEY+${name}+${hex8(signer.keyId)}+${encodeBase64(concatBytes(Uint8Array.of(SIGNATURE_TYPE_ED25519), seed))}`;
}

export interface SignerKey {
  readonly name: string;
  readonly keyId: number;
  readonly seed: Uint8Array;
}

/** Parses a signer key string, checking its key ID against the key derived from the seed. */
export function parseSignerKey(skey: string): SignerKey {
  const { signer, seed } = decodeSignerKey(skey);
  return { name: signer.name, keyId: signer.keyId, seed };
}

/** A signer for a signer key string (one private KeyObject, made here). */
export function signerFromKey(skey: string): KeyedNoteSigner {
  return decodeSignerKey(skey).signer;
}

function decodeSignerKey(skey: string): { signer: KeyedNoteSigner; seed: Uint8Array } {
  const parts = splitFields(skey, 5);
  if (parts === undefined || parts[0] !== 'PRIVATE' || parts[1] !== 'KEY') {
    throw keyError('a signer key is PRIVATE+KEY+name+keyid+key');
  }
  const [, , name, idHex, keyBase64] = parts as [string, string, string, string, string];
  if (!isValidKeyName(name)) throw keyError(`invalid key name "${name}"`);
  if (!/^[0-9a-fA-F]{8}$/.test(idHex)) throw keyError(`key ID "${idHex}" is not 8 hex digits`);
  const key = decodeBase64Strict(keyBase64);
  if (key === undefined || key[0] !== SIGNATURE_TYPE_ED25519 || key.length !== 1 + ED25519_KEY_SIZE) {
    throw keyError(`signer key of ${name} is not base64(0x01 || 32-byte Ed25519 seed)`);
  }
  const seed = new Uint8Array(key.subarray(1));
  const signer = ed25519NoteSigner(name, seed);
  if (signer.keyId !== Number.parseInt(idHex, 16)) {
    throw keyError(`key ID ${idHex} of ${name} does not match its key (${hex8(signer.keyId)})`);
  }
  return { signer, seed };
}
