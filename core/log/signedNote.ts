import { decodeBase64Strict, encodeBase64, concatBytes, readUint32BigEndian, uint32BigEndian, utf8Bytes } from './bytes.ts';
import { LogError } from './errors.ts';

/**
 * C2SP signed-note (https://c2sp.org/signed-note), as golang.org/x/mod/sumdb/note reads and writes it:
 *
 *   <text ending in \n>\n— <key name> base64(uint32 key ID || signature)\n…
 *
 * Parsing here is syntax only; `openNote` verifies against known keys: signatures by unknown keys
 * are kept aside, a known key's bad signature rejects the note, and at least one known key must sign.
 */

export interface NoteSignature {
  readonly name: string;
  /** uint32 key ID (big-endian first four bytes of the signature field). */
  readonly keyId: number;
  /** The signature bytes after the key ID. */
  readonly signature: Uint8Array;
}

export interface Note {
  /** The signed text, including its final newline but not the blank separator line. */
  readonly text: string;
  readonly signatures: readonly NoteSignature[];
}

/** Something that signs note text under a key name and ID (Ed25519, cosignature/v1, …). */
export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  sign(text: Uint8Array): Uint8Array;
}

/** Something that checks a note signature for one (name, key ID). */
export interface NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  verify(text: Uint8Array, signature: Uint8Array): boolean;
}

export interface OpenedNote {
  readonly text: string;
  /** Signatures by known keys, each verified (repeats dropped). */
  readonly verified: readonly NoteSignature[];
  /** Signatures by keys not among the verifiers; not checked, kept so they can be passed on. */
  readonly unverified: readonly NoteSignature[];
}

const SIGNATURE_PREFIX = '\u2014 ';
/** x/mod's limit; C2SP requires accepting at least 16. */
export const MAX_NOTE_SIGNATURES = 100;
/** Notes are small (a checkpoint is ~200 bytes); bound the work an untrusted one can cause. */
export const MAX_NOTE_BYTES = 1 << 20;

function malformed(message: string): LogError {
  return new LogError('log.note.malformed', message);
}

/** Key names: non-empty, no Unicode white space, no '+'. */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\p{White_Space}+]/u.test(name) && !hasLoneSurrogate(name);
}

function hasLoneSurrogate(text: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

function noteString(message: string | Uint8Array): string {
  if (typeof message === 'string') {
    if (hasLoneSurrogate(message)) throw malformed('note is not valid UTF-8');
    return message;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(message);
  } catch {
    throw malformed('note is not valid UTF-8');
  }
}

function decodeSignatureField(name: string, base64: string): NoteSignature {
  const bytes = base64 === '' ? undefined : decodeBase64Strict(base64);
  if (!isValidKeyName(name)) throw malformed(`signature line has an invalid key name "${name}"`);
  if (bytes === undefined) throw malformed(`signature by ${name} is not standard base64`);
  if (bytes.length < 5) throw malformed(`signature by ${name} is shorter than a key ID and one byte`);
  return { name, keyId: readUint32BigEndian(bytes, 0), signature: bytes.subarray(4) };
}

/** Splits a signed note into text and signatures, checking the C2SP syntax (no verification). */
export function parseNote(message: string | Uint8Array): Note {
  const byteLength = typeof message === 'string' ? Buffer.byteLength(message, 'utf8') : message.length;
  if (byteLength > MAX_NOTE_BYTES) throw malformed(`note is larger than ${MAX_NOTE_BYTES} bytes`);
  const msg = noteString(message);
  if (/[\u0000-\u0009\u000B-\u001F]/.test(msg)) throw malformed('note contains an ASCII control character other than newline');
  const split = msg.lastIndexOf('\n\n');
  if (split < 0) throw malformed('note has no blank line before its signatures');
  const text = msg.slice(0, split + 1);
  const block = msg.slice(split + 2);
  if (block === '' || !block.endsWith('\n')) throw malformed('note has no signature lines ending in a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_NOTE_SIGNATURES) throw malformed(`note has more than ${MAX_NOTE_SIGNATURES} signatures`);
  const signatures = lines.map((line) => {
    if (!line.startsWith(SIGNATURE_PREFIX)) throw malformed('signature line does not start with "\u2014 "');
    const rest = line.slice(SIGNATURE_PREFIX.length);
    const space = rest.indexOf(' ');
    if (space < 0) throw malformed('signature line has no space between key name and signature');
    return decodeSignatureField(rest.slice(0, space), rest.slice(space + 1));
  });
  return { text, signatures };
}

/** One signature line, with its trailing newline. */
export function formatSignatureLine(signature: NoteSignature): string {
  if (!isValidKeyName(signature.name)) throw malformed(`invalid key name "${signature.name}"`);
  const field = concatBytes(uint32BigEndian(signature.keyId), signature.signature);
  return `${SIGNATURE_PREFIX}${signature.name} ${encodeBase64(field)}\n`;
}

function assertNoteText(text: string): void {
  if (!text.endsWith('\n')) throw malformed('note text must end in a newline');
  if (hasLoneSurrogate(text)) throw malformed('note text is not valid UTF-8');
  if (/[\u0000-\u0009\u000B-\u001F]/.test(text)) throw malformed('note text contains an ASCII control character other than newline');
}

export function formatNote(note: Note): string {
  assertNoteText(note.text);
  if (note.signatures.length === 0) throw malformed('a signed note needs at least one signature');
  return `${note.text}\n${note.signatures.map(formatSignatureLine).join('')}`;
}

/**
 * Signs `text` with each signer. Existing signatures are kept first (as x/mod does), except one by
 * the same (name, key ID) as a new signer, which the new signature replaces.
 */
export function signNote(text: string, signers: readonly NoteSigner[], existing: readonly NoteSignature[] = []): string {
  assertNoteText(text);
  const textBytes = utf8Bytes(text);
  const fresh = signers.map((signer) => {
    if (!isValidKeyName(signer.name)) throw malformed(`invalid signer name "${signer.name}"`);
    return { name: signer.name, keyId: signer.keyId, signature: signer.sign(textBytes) };
  });
  const kept = existing.filter((old) => !fresh.some((s) => s.name === old.name && s.keyId === old.keyId));
  return formatNote({ text, signatures: [...kept, ...fresh] });
}

/** Adds signatures (a witness cosignature, say) to an already signed note, keeping its lines. */
export function addSignatures(signedNote: string, signers: readonly NoteSigner[]): string {
  const note = parseNote(signedNote);
  return signNote(note.text, signers, note.signatures);
}

/**
 * Parses and verifies a signed note against known verifiers (matched by name and key ID).
 * Throws log.note.malformed, log.note.bad_signature (a known key's signature fails) or
 * log.note.unverified (no known key signed).
 */
export function openNote(message: string | Uint8Array, verifiers: readonly NoteVerifier[]): OpenedNote {
  const note = parseNote(message);
  const textBytes = utf8Bytes(note.text);
  const verified: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  const seenKnown = new Set<string>();
  const seenUnknown = new Set<string>();
  for (const sig of note.signatures) {
    const verifier = verifiers.find((v) => v.name === sig.name && v.keyId === sig.keyId);
    const key = `${sig.name}+${sig.keyId}`;
    if (verifier === undefined) {
      const line = formatSignatureLine(sig);
      if (!seenUnknown.has(line)) {
        seenUnknown.add(line);
        unverified.push(sig);
      }
      continue;
    }
    if (seenKnown.has(key)) continue;
    seenKnown.add(key);
    if (!verifier.verify(textBytes, sig.signature)) {
      throw new LogError('log.note.bad_signature', `signature by ${sig.name} (key ${hex8(sig.keyId)}) does not verify`);
    }
    verified.push(sig);
  }
  if (verified.length === 0) {
    const names = note.signatures.map((s) => `${s.name}+${hex8(s.keyId)}`).join(', ');
    throw new LogError('log.note.unverified', `no signature by a known key (signed by: ${names})`);
  }
  return { text: note.text, verified, unverified };
}

export function hex8(keyId: number): string {
  return keyId.toString(16).padStart(8, '0');
}
