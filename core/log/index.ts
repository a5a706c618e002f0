/**
 * core/log — the credential log's pure functions (no I/O, no database).
 *
 * - Hashing (RFC 6962 / RFC 9162 §2.1, SHA-256): `leafHash`, `nodeHash`, `emptyRoot`, constant-time
 *   `hashesEqual`.
 * - Tree shape: a tree is stored as *perfect subtrees* — node (level, index) = MTH of the 2^level
 *   leaves from index·2^level, immutable once complete. `inclusionProofNodes` /
 *   `consistencyProofNodes` / `rootNodes` list exactly the O(log n) nodes a proof or root needs, so
 *   storage fetches them in one query; `appendLeaves` turns a batch of leaf hashes plus the old
 *   frontier into the nodes to insert and the new root.
 * - Proofs: generation from a `HashReader` (async, e.g. SQL) or `SyncHashReader` (`MemoryTree`);
 *   verification (`verifyInclusion`, `verifyConsistency`) with BigInt sizes, strict 32-byte hashes,
 *   exact proof lengths, and `LogProofError` codes log.proof.{malformed,index_out_of_range,
 *   root_mismatch,size}. `verifyConsistency({oldSizeZero})`: 'reject' (transparency-dev/merkle,
 *   default) or 'accept' (C2SP tlog-witness: size 0, empty proof, root SHA-256('')).
 * - C2SP formats: signed-note (`openNote`, `signNote`, vkey / skey strings, Ed25519 and
 *   cosignature/v1 signers and verifiers), tlog-checkpoint (`signCheckpoint`, `openCheckpoint`),
 *   tlog-tiles (paths, tiles per tree size, tile bytes, entry bundles), tlog-proof receipts.
 * - Log entries (DESIGN §4): zod schema, JCS encoding with a size limit, `credentialHash`.
 *
 * Every failure is a `LogError` (or `LogProofError`) with a stable `code`.
 */

export { LogError, LogProofError, type LogErrorCode, type LogProofErrorCode } from './errors.ts';
export { decodeBase64Strict, encodeBase64, fromHex, toHex, UINT64_MAX } from './bytes.ts';
export { emptyRoot, HASH_SIZE, hashesEqual, isHash, leafHash, nodeHash } from './hashing.ts';
export {
  consistencyProofNodes,
  consistencyProofPlan,
  inclusionProofNodes,
  inclusionProofPlan,
  nodeExists,
  nodesOfPlans,
  rangeNodes,
  rootNodes,
  type NodeId,
  type ProofElementPlan,
} from './treeShape.ts';
export {
  assembleProof,
  consistencyProof,
  consistencyProofSync,
  foldRight,
  inclusionProof,
  inclusionProofSync,
  rootFromReader,
  rootFromSyncReader,
  type HashReader,
  type SyncHashReader,
} from './proofGeneration.ts';
export {
  rootFromInclusionProof,
  verifyConsistency,
  verifyInclusion,
  type ConsistencyProofInput,
  type InclusionProofInput,
  type OldSizeZeroPolicy,
} from './proofVerification.ts';
export { appendLeaves, treeRoot, type AppendResult, type StoredNode } from './treeAppend.ts';
export { MemoryTree } from './memoryTree.ts';
export {
  addSignatures,
  formatNote,
  formatSignatureLine,
  hex8,
  isValidKeyName,
  MAX_NOTE_SIGNATURES,
  openNote,
  parseNote,
  signNote,
  type Note,
  type NoteSignature,
  type NoteSigner,
  type NoteVerifier,
  type OpenedNote,
} from './signedNote.ts';
export {
  cosignatureMessage,
  cosignatureV1Signer,
  cosignatureV1Verifier,
  ed25519NoteSigner,
  ed25519NoteVerifier,
  formatSignerKey,
  formatVerifierKey,
  noteKeyId,
  parseCosignatureV1,
  parseSignerKey,
  parseVerifierKey,
  SIGNATURE_TYPE_COSIGNATURE_V1,
  SIGNATURE_TYPE_ED25519,
  signerFromKey,
  verifierFromKey,
  type Cosignature,
  type KeyedNoteSigner,
  type KeyedNoteVerifier,
  type NoteSignatureType,
  type SignerKey,
  type VerifierKey,
} from './noteKeys.ts';
export {
  formatCheckpoint,
  openCheckpoint,
  parseCheckpoint,
  signCheckpoint,
  type Checkpoint,
  type OpenCheckpointOptions,
  type OpenedCheckpoint,
  type WitnessCosignature,
} from './checkpoint.ts';
export {
  decodeEntryBundle,
  decodeTile,
  encodeEntryBundle,
  encodeTile,
  formatTileIndex,
  formatTilePath,
  parseTilePath,
  tileLeafRange,
  tileNodes,
  tilesForTreeSize,
  tileWidthAt,
  MAX_BUNDLE_ENTRY_BYTES,
  TILE_HEIGHT,
  TILE_WIDTH,
  type LevelTiles,
  type TileRef,
} from './tiles.ts';
export {
  formatTlogProof,
  parseTlogProof,
  TLOG_PROOF_HEADER,
  verifyTlogProof,
  type TlogProof,
  type VerifiedTlogProof,
} from './proofFile.ts';
export {
  credentialHash,
  decodeLogEntry,
  encodeLogEntry,
  jcs,
  logEntryLeafHash,
  logEntrySchema,
  MAX_ENTRY_BYTES,
  type LogEntry,
} from './entry.ts';
