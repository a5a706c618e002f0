import { decodeBase64Strict, encodeBase64, parseCanonicalDecimal, UINT64_MAX } from './bytes.ts';
import { openCheckpoint, type OpenCheckpointOptions, type OpenedCheckpoint } from './checkpoint.ts';
import { LogError } from './errors.ts';
import { HASH_SIZE } from './hashing.ts';
import { verifyInclusion } from './proofVerification.ts';

/**
 * C2SP tlog-proof (https://c2sp.org/tlog-proof): an offline-verifiable receipt.
 *
 *   c2sp.org/tlog-proof@v1
 *   [extra <base64>]
 *   index <decimal>
 *   <base64 hash>…          (inclusion proof, leaf's sibling first)
 *   <blank line>
 *   <signed checkpoint, verbatim>
 */

export const TLOG_PROOF_HEADER = 'c2sp.org/tlog-proof@v1';

export interface TlogProof {
  /** Opaque, unauthenticated extra data. */
  readonly extra?: Uint8Array;
  readonly index: bigint;
  readonly proof: readonly Uint8Array[];
  /** The signed checkpoint note, exactly as the log (and witnesses) signed it. */
  readonly checkpoint: string;
}

function malformed(message: string): LogError {
  return new LogError('log.proof_file.malformed', message);
}

export function formatTlogProof(proof: TlogProof): string {
  if (typeof proof.index !== 'bigint' || proof.index < 0n || proof.index > UINT64_MAX) throw malformed('index must be a uint64 bigint');
  proof.proof.forEach((hash, i) => {
    if (!(hash instanceof Uint8Array) || hash.length !== HASH_SIZE) throw malformed(`proof hash ${i} is not ${HASH_SIZE} bytes`);
  });
  if (proof.checkpoint === '' || !proof.checkpoint.endsWith('\n')) throw malformed('checkpoint must be a signed note ending in a newline');
  const lines = [TLOG_PROOF_HEADER];
  if (proof.extra !== undefined) {
    if (proof.extra.length === 0) throw malformed('extra data, when present, must not be empty');
    lines.push(`extra ${encodeBase64(proof.extra)}`);
  }
  lines.push(`index ${proof.index}`, ...proof.proof.map(encodeBase64), '');
  return `${lines.join('\n')}\n${proof.checkpoint}`;
}

export function parseTlogProof(text: string): TlogProof {
  const lines = text.split('\n');
  let at = 0;
  const next = (): string | undefined => lines[at++];
  if (next() !== TLOG_PROOF_HEADER) throw malformed(`first line must be ${TLOG_PROOF_HEADER}`);
  let line = next();
  let extra: Uint8Array | undefined;
  if (line?.startsWith('extra ')) {
    extra = decodeBase64Strict(line.slice('extra '.length));
    if (extra === undefined || extra.length === 0) throw malformed('extra line is not non-empty standard base64');
    line = next();
  }
  if (!line?.startsWith('index ')) throw malformed('missing index line');
  const index = parseCanonicalDecimal(line.slice('index '.length));
  if (index === undefined || index > UINT64_MAX) throw malformed('index is not a decimal uint64 without leading zeroes');
  const proof: Uint8Array[] = [];
  for (line = next(); line !== undefined && line !== ''; line = next()) {
    const hash = decodeBase64Strict(line);
    if (hash === undefined || hash.length !== HASH_SIZE) throw malformed(`proof line ${proof.length + 1} is not the base64 of a ${HASH_SIZE}-byte hash`);
    if (proof.length >= 64) throw malformed('inclusion proof is longer than 64 hashes');
    proof.push(hash);
  }
  if (line === undefined) throw malformed('no blank line before the checkpoint');
  const checkpoint = lines.slice(at).join('\n');
  if (checkpoint === '') throw malformed('checkpoint is missing');
  return extra === undefined ? { index, proof, checkpoint } : { extra, index, proof, checkpoint };
}

export interface VerifiedTlogProof extends OpenedCheckpoint {
  readonly index: bigint;
  readonly extra?: Uint8Array;
}

/**
 * Verifies a tlog-proof for a leaf hash: the checkpoint must be signed by the trusted log key (with
 * the expected origin), and the proof must place the leaf at `index` under the checkpoint's root.
 * Throws a coded error (log.proof_file.*, log.note.*, log.checkpoint.*, log.proof.*) otherwise.
 */
export function verifyTlogProof(file: string | TlogProof, leafHash: Uint8Array, trust: OpenCheckpointOptions): VerifiedTlogProof {
  const parsed = typeof file === 'string' ? parseTlogProof(file) : file;
  const opened = openCheckpoint(parsed.checkpoint, trust);
  verifyInclusion({ leafHash, index: parsed.index, treeSize: opened.checkpoint.size, proof: parsed.proof, root: opened.checkpoint.root });
  return parsed.extra === undefined ? { ...opened, index: parsed.index } : { ...opened, index: parsed.index, extra: parsed.extra };
}
