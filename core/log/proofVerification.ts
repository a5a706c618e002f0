import { LogProofError } from './errors.ts';
import { emptyRoot, HASH_SIZE, hashesEqual, nodeHash } from './hashing.ts';
import { assertLeafIndex, assertTreeSize, consistencyProofPlan, inclusionProofLength } from './treeShape.ts';

/**
 * RFC 9162 §2.1.3.2 and §2.1.4.2 proof verification over BigInt sizes. Every input hash must be
 * exactly 32 bytes and the proof exactly as long as the tree shape requires, so a malformed proof
 * is told apart from one that is well formed but wrong.
 */

export interface InclusionProofInput {
  readonly leafHash: Uint8Array;
  readonly index: bigint;
  readonly treeSize: bigint;
  readonly proof: readonly Uint8Array[];
  readonly root: Uint8Array;
}

/**
 * What an old tree of size 0 means to a consistency check. 'reject' is transparency-dev/merkle's
 * rule (a proof from the empty tree is meaningless); 'accept' is C2SP tlog-witness's: size 0 with an
 * empty proof is consistent with anything, provided the old root is SHA-256('').
 */
export type OldSizeZeroPolicy = 'reject' | 'accept';

export interface ConsistencyProofInput {
  readonly size1: bigint;
  readonly size2: bigint;
  readonly root1: Uint8Array;
  readonly root2: Uint8Array;
  readonly proof: readonly Uint8Array[];
  readonly oldSizeZero?: OldSizeZeroPolicy;
}

function assertHash(value: Uint8Array, what: string): void {
  if (!(value instanceof Uint8Array) || value.length !== HASH_SIZE) {
    const got = value instanceof Uint8Array ? `${value.length} bytes` : typeof value;
    throw new LogProofError('log.proof.malformed', `${what} must be a ${HASH_SIZE}-byte hash, got ${got}`);
  }
}

function assertProofHashes(proof: readonly Uint8Array[]): void {
  if (!Array.isArray(proof)) throw new LogProofError('log.proof.malformed', 'proof must be an array of hashes');
  proof.forEach((hash, i) => assertHash(hash, `proof[${i}]`));
}

function assertProofLength(proof: readonly Uint8Array[], want: number): void {
  if (proof.length !== want) {
    throw new LogProofError('log.proof.malformed', `wrong proof length: got ${proof.length} hashes, want ${want}`);
  }
}

/** The root an inclusion proof implies for the leaf (after checking shape); RFC 9162 §2.1.3.2. */
export function rootFromInclusionProof(input: Omit<InclusionProofInput, 'root'>): Uint8Array {
  const { leafHash, index, treeSize, proof } = input;
  assertLeafIndex(index, treeSize);
  assertHash(leafHash, 'leaf hash');
  assertProofHashes(proof);
  assertProofLength(proof, inclusionProofLength(index, treeSize));

  let fn = index;
  let sn = treeSize - 1n;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0n) throw new LogProofError('log.proof.malformed', 'proof is longer than the path to the root');
    if ((fn & 1n) === 1n || fn === sn) {
      r = nodeHash(p, r);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) throw new LogProofError('log.proof.malformed', 'proof is shorter than the path to the root');
  return r;
}

/** Throws LogProofError unless `proof` shows the leaf at `index` in the tree with `root`. */
export function verifyInclusion(input: InclusionProofInput): void {
  assertHash(input.root, 'root');
  const computed = rootFromInclusionProof(input);
  if (!hashesEqual(computed, input.root)) {
    throw new LogProofError('log.proof.root_mismatch', `inclusion proof for leaf ${input.index} does not lead to the given root of tree size ${input.treeSize}`);
  }
}

/** Throws LogProofError unless `proof` shows the tree (size1, root1) is a prefix of (size2, root2). */
export function verifyConsistency(input: ConsistencyProofInput): void {
  const { size1, size2, root1, root2, proof } = input;
  const policy = input.oldSizeZero ?? 'reject';
  assertTreeSize(size1, 'old tree size');
  assertTreeSize(size2, 'new tree size');
  if (size1 > size2) throw new LogProofError('log.proof.size', `old size ${size1} exceeds new size ${size2}`);
  assertHash(root1, 'old root');
  assertHash(root2, 'new root');
  assertProofHashes(proof);

  if (size1 === 0n) {
    if (policy === 'reject') {
      throw new LogProofError('log.proof.size', 'a consistency proof from the empty tree is meaningless (old size 0)');
    }
    assertProofLength(proof, 0);
    if (!hashesEqual(root1, emptyRoot())) {
      throw new LogProofError('log.proof.root_mismatch', "old root of a size-0 tree must be SHA-256('')");
    }
    if (size2 === 0n && !hashesEqual(root2, emptyRoot())) {
      throw new LogProofError('log.proof.root_mismatch', "new root of a size-0 tree must be SHA-256('')");
    }
    return;
  }
  if (size1 === size2) {
    assertProofLength(proof, 0);
    if (!hashesEqual(root1, root2)) {
      throw new LogProofError('log.proof.root_mismatch', `trees of equal size ${size1} have different roots`);
    }
    return;
  }
  assertProofLength(proof, consistencyProofPlan(size1, size2).length);

  // RFC 9162 §2.1.4.2, with first_hash prepended when size1 is a power of two.
  const path = (size1 & (size1 - 1n)) === 0n ? [root1, ...proof] : [...proof];
  let fn = size1 - 1n;
  let sn = size2 - 1n;
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  const [first, ...rest] = path;
  if (first === undefined) throw new LogProofError('log.proof.malformed', 'consistency proof is empty');
  let fr = first;
  let sr = first;
  for (const c of rest) {
    if (sn === 0n) throw new LogProofError('log.proof.malformed', 'consistency proof is too long');
    if ((fn & 1n) === 1n || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) throw new LogProofError('log.proof.malformed', 'consistency proof is too short');
  if (!hashesEqual(fr, root1)) throw new LogProofError('log.proof.root_mismatch', `consistency proof does not lead to the old root (size ${size1})`);
  if (!hashesEqual(sr, root2)) throw new LogProofError('log.proof.root_mismatch', `consistency proof does not lead to the new root (size ${size2})`);
}
