import { BoundedMap } from '../cache/boundedMap.ts';
import { fromHex, toHex } from '../log/bytes.ts';
import { openCheckpoint, type OpenedCheckpoint } from '../log/checkpoint.ts';
import { logEntryLeafHash, logEntrySchema, type LogEntry } from '../log/entry.ts';
import { credentialHashOf } from './credentialFacts.ts';
import { LogError } from '../log/errors.ts';
import { hashesEqual } from '../log/hashing.ts';
import { verifierFromKey } from '../log/noteKeys.ts';
import { parseTlogProof } from '../log/proofFile.ts';
import { verifyInclusion } from '../log/proofVerification.ts';
import type { NoteVerifier } from '../log/signedNote.ts';
import { errorText } from './checkResult.ts';

/**
 * A credential's issuance receipt (contracts.md: `{entry, leafHash, leafIndex, treeSize, proof}` with
 * `proof` a C2SP tlog-proof), verified offline against the pinned log key: the entry must be the
 * `issue` entry, by this credential's issuer, for core/log's `credentialHash` of this very
 * credential, and the proof must place that entry's leaf under a checkpoint the log signed.
 * Relating that checkpoint to the ones this verifier already trusts is logInclusion.ts's job.
 */
export interface Receipt {
  readonly entry: unknown;
  readonly leafHash?: string | undefined;
  readonly leafIndex?: string | number | undefined;
  readonly treeSize?: string | number | undefined;
  readonly proof: string;
}

export type ReceiptVerdict =
  | {
      readonly ok: true;
      readonly entry: LogEntry;
      readonly leafHash: Uint8Array;
      readonly index: bigint;
      readonly checkpoint: OpenedCheckpoint;
      /** The signed checkpoint note exactly as carried by the receipt. */
      readonly checkpointNote: string;
    }
  | { readonly ok: false; readonly code: string; readonly detail: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Reads a receipt from untrusted JSON; undefined when it does not have the receipt's shape. */
export function parseReceipt(value: unknown): Receipt | undefined {
  if (!isObject(value) || typeof value.proof !== 'string' || value.proof.length > 64 * 1024) return undefined;
  const optionalText = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? v : undefined);
  return {
    entry: value.entry,
    leafHash: typeof value.leafHash === 'string' ? value.leafHash : undefined,
    leafIndex: optionalText(value.leafIndex),
    treeSize: optionalText(value.treeSize),
    proof: value.proof,
  };
}

function parseEntry(raw: unknown): LogEntry | undefined {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      return undefined;
    }
  }
  const parsed = logEntrySchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

function decodeLeafHash(text: string): Uint8Array | undefined {
  if (/^[0-9a-f]{64}$/i.test(text)) return fromHex(text.toLowerCase());
  const bytes = Buffer.from(text, 'base64');
  return bytes.length === 32 && bytes.toString('base64') === text ? new Uint8Array(bytes) : undefined;
}

/**
 * Checkpoints already opened (signature verified) against a pinned key, by key and exact note
 * text: every receipt of a batch carries the same checkpoint, and a signature that verified stays
 * valid for those bytes. Bounded; the oldest go first.
 */
const OPENED_CACHE_SIZE = 1024;
const openedCheckpoints = new BoundedMap<string, OpenedCheckpoint>(OPENED_CACHE_SIZE);
const logVerifiers = new BoundedMap<string, NoteVerifier>(64);

function logVerifierFor(logKey: string): NoteVerifier {
  let verifier = logVerifiers.get(logKey);
  if (!verifier) {
    verifier = verifierFromKey(logKey);
    logVerifiers.set(logKey, verifier);
  }
  return verifier;
}

function openCheckpointOnce(note: string, logKey: string, verifier: NoteVerifier): OpenedCheckpoint {
  const key = `${logKey}\n\n${note}`;
  const known = openedCheckpoints.get(key);
  if (known) return known;
  const opened = openCheckpoint(note, { log: verifier });
  openedCheckpoints.set(key, opened);
  return opened;
}

export function verifyReceipt(credential: Record<string, unknown>, issuerDid: string, receipt: Receipt, logKey: string): ReceiptVerdict {
  const entry = parseEntry(receipt.entry);
  if (entry === undefined) return { ok: false, code: 'log.receipt.entry_invalid', detail: 'the receipt does not hold a valid log entry' };
  if (entry.kind !== 'issue') return { ok: false, code: 'log.receipt.not_issue', detail: `the receipt's entry is a "${entry.kind}" entry, not the issuance` };
  let hash: string;
  try {
    hash = credentialHashOf(credential);
  } catch (error) {
    return { ok: false, code: 'log.receipt.hash_mismatch', detail: `the credential cannot be hashed: ${errorText(error)}` };
  }
  if (entry.credentialHash !== hash) {
    return {
      ok: false,
      code: 'log.receipt.hash_mismatch',
      detail: `the receipt is for another credential (${entry.credentialHash.slice(0, 19)}…, this one hashes to ${hash.slice(0, 19)}…): the credential or its receipt was altered`,
    };
  }
  if (entry.issuer !== issuerDid) return { ok: false, code: 'log.receipt.issuer_mismatch', detail: `the log entry names issuer ${entry.issuer}, not the credential's issuer` };
  const leaf = logEntryLeafHash(entry);
  if (receipt.leafHash !== undefined) {
    const stated = decodeLeafHash(receipt.leafHash);
    if (stated === undefined || !hashesEqual(stated, leaf)) {
      return { ok: false, code: 'log.receipt.leaf_mismatch', detail: `the receipt's leafHash is not the hash of its entry (expected ${toHex(leaf)})` };
    }
  }
  let verifier;
  try {
    verifier = logVerifierFor(logKey);
  } catch (error) {
    return { ok: false, code: 'log.key_invalid', detail: `the pinned log key is not usable: ${errorText(error)}` };
  }
  try {
    const parsed = parseTlogProof(receipt.proof);
    const opened = openCheckpointOnce(parsed.checkpoint, logKey, verifier);
    verifyInclusion({ leafHash: leaf, index: parsed.index, treeSize: opened.checkpoint.size, proof: parsed.proof, root: opened.checkpoint.root });
    const verified = { ...opened, index: parsed.index };
    if (receipt.leafIndex !== undefined && String(receipt.leafIndex) !== verified.index.toString()) {
      return { ok: false, code: 'log.receipt.index_mismatch', detail: `the receipt says entry ${String(receipt.leafIndex)} but its proof is for entry ${verified.index}` };
    }
    if (receipt.treeSize !== undefined && String(receipt.treeSize) !== verified.checkpoint.size.toString()) {
      return { ok: false, code: 'log.receipt.size_mismatch', detail: `the receipt says tree size ${String(receipt.treeSize)} but its checkpoint is for ${verified.checkpoint.size}` };
    }
    return { ok: true, entry, leafHash: leaf, index: verified.index, checkpoint: verified, checkpointNote: parsed.checkpoint };
  } catch (error) {
    const code = error instanceof LogError ? error.code : 'log.receipt.invalid';
    return { ok: false, code, detail: `the receipt does not verify against the pinned log key: ${errorText(error)}` };
  }
}
