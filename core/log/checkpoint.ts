import { decodeBase64Strict, encodeBase64, parseCanonicalDecimal, UINT64_MAX } from './bytes.ts';
import { LogError } from './errors.ts';
import { HASH_SIZE } from './hashing.ts';
import { parseCosignatureV1, SIGNATURE_TYPE_COSIGNATURE_V1, type KeyedNoteVerifier } from './noteKeys.ts';
import { openNote, signNote, type NoteSignature, type NoteSigner, type NoteVerifier } from './signedNote.ts';

/**
 * C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint): the note text
 *
 *   <origin>\n<decimal tree size>\n<base64 root hash>\n[<extension line>\n…]
 *
 * carried in a signed note signed by the log and optionally cosigned by witnesses.
 */

export interface Checkpoint {
  readonly origin: string;
  readonly size: bigint;
  readonly root: Uint8Array;
  /** Opaque, non-empty extension lines (without newlines); usually none. */
  readonly extensions: readonly string[];
}

function malformed(message: string): LogError {
  return new LogError('log.checkpoint.malformed', message);
}

/** The checkpoint's note text, final newline included. */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  const { origin, size, root, extensions } = checkpoint;
  if (origin === '' || origin.includes('\n')) throw malformed('origin must be one non-empty line');
  if (typeof size !== 'bigint' || size < 0n || size > UINT64_MAX) throw malformed('tree size must be a uint64 bigint');
  if (!(root instanceof Uint8Array) || root.length !== HASH_SIZE) throw malformed(`root hash must be ${HASH_SIZE} bytes`);
  for (const line of extensions) {
    if (line === '' || line.includes('\n')) throw malformed('extension lines must be single non-empty lines');
  }
  return [origin, size.toString(), encodeBase64(root), ...extensions].map((line) => `${line}\n`).join('');
}

/** Parses checkpoint note text (not the signed note: see `openCheckpoint`). */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw malformed('checkpoint text must end in a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw malformed('checkpoint needs origin, tree size and root hash lines');
  const [origin, sizeLine, rootLine, ...extensions] = lines as [string, string, string, ...string[]];
  if (origin === '') throw malformed('origin line is empty');
  const size = parseCanonicalDecimal(sizeLine);
  if (size === undefined || size > UINT64_MAX) throw malformed(`tree size "${sizeLine.slice(0, 30)}" is not a decimal uint64 without leading zeroes`);
  const root = decodeBase64Strict(rootLine);
  if (root === undefined || root.length !== HASH_SIZE) throw malformed(`root hash is not the base64 of ${HASH_SIZE} bytes`);
  if (extensions.some((line) => line === '')) throw malformed('extension lines must be non-empty');
  return { origin, size, root, extensions };
}

/** Signs a checkpoint with the log's signer (and any others), giving the signed note text. */
export function signCheckpoint(checkpoint: Checkpoint, signers: readonly NoteSigner[]): string {
  return signNote(formatCheckpoint(checkpoint), signers);
}

export interface WitnessCosignature {
  readonly name: string;
  readonly keyId: number;
  readonly timestamp: bigint;
}

export interface OpenedCheckpoint {
  readonly checkpoint: Checkpoint;
  /** The checkpoint's note text, exactly as signed. */
  readonly text: string;
  /** Verified cosignatures by the given witnesses. */
  readonly cosignatures: readonly WitnessCosignature[];
  /** Signatures by keys we were not given; unchecked. */
  readonly unverified: readonly NoteSignature[];
}

export interface OpenCheckpointOptions {
  /** The log's key; its signature is required. */
  readonly log: NoteVerifier;
  /** The expected origin line; defaults to the log key's name (C2SP: they SHOULD match). */
  readonly origin?: string;
  /** Witness keys whose cosignatures are verified when present. */
  readonly witnesses?: readonly KeyedNoteVerifier[];
}

/**
 * Verifies a signed checkpoint: the log's signature must be present and valid, any known witness
 * cosignature must be valid, and the origin must be the expected one.
 */
export function openCheckpoint(signedNote: string | Uint8Array, options: OpenCheckpointOptions): OpenedCheckpoint {
  const witnesses = options.witnesses ?? [];
  // A witness cosignature is not a log signature: a cosigner key pinned as the log key is a mistake.
  if ((options.log as Partial<KeyedNoteVerifier>).type === SIGNATURE_TYPE_COSIGNATURE_V1) {
    throw new LogError('log.note.key_malformed', `${options.log.name} is a cosignature/v1 witness key, not a log key`);
  }
  const opened = openNote(signedNote, [options.log, ...witnesses]);
  const signedByLog = opened.verified.some((sig) => sig.name === options.log.name && sig.keyId === options.log.keyId);
  if (!signedByLog) throw new LogError('log.checkpoint.unsigned', `checkpoint carries no signature by the log key ${options.log.name}`);
  const checkpoint = parseCheckpoint(opened.text);
  const origin = options.origin ?? options.log.name;
  if (checkpoint.origin !== origin) {
    throw new LogError('log.checkpoint.origin_mismatch', `checkpoint origin "${checkpoint.origin}" is not "${origin}"`);
  }
  const cosignatures: WitnessCosignature[] = [];
  for (const sig of opened.verified) {
    const witness = witnesses.find((w) => w.name === sig.name && w.keyId === sig.keyId);
    if (witness?.type === SIGNATURE_TYPE_COSIGNATURE_V1) {
      cosignatures.push({ name: sig.name, keyId: sig.keyId, timestamp: parseCosignatureV1(sig.signature).timestamp });
    }
  }
  return { checkpoint, text: opened.text, cosignatures, unverified: opened.unverified };
}
