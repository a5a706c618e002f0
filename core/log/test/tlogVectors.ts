import { readFileSync } from 'node:fs';

/**
 * Loads shared/vectors/tlog.json (copied to fixtures/). Sizes and indexes are parsed losslessly:
 * two vectors use index 2^64-1, which JSON.parse would round to 18446744073709552000, so a pre-pass
 * quotes every integer under an index/size key and the loader turns it into a BigInt.
 */

const raw = readFileSync(new URL('./fixtures/tlog.json', import.meta.url), 'utf8');
const quoted = raw.replace(/("(?:index|size|size1|size2|tree_size|full_tiles|timestamp|witness_timestamp)":\s*)(\d+)/g, '$1"$2"');

export interface InclusionVector {
  index: bigint;
  size: bigint;
  leaf_hex?: string;
  leaf_hash_b64: string;
  root_b64: string;
  proof_b64: string[];
  want_err: boolean;
  desc: string;
  source: string;
}

export interface ConsistencyVector {
  size1: bigint;
  size2: bigint;
  root1_b64: string;
  root2_b64: string;
  proof_b64: string[];
  want_err: boolean;
  strict_reject?: boolean;
  desc: string;
  source: string;
}

interface RawVectors {
  hasher: Array<{ kind: 'empty' | 'leaf' | 'node'; input_hex?: string; left_hex?: string; right_hex?: string; want_hex: string; desc: string }>;
  leaves: Array<{ index: string; hex: string; leaf_hash_hex: string }>;
  roots: Array<{ size: string; root_hex: string; root_b64: string }>;
  node_hashes: { hex: string[][] };
  inclusion: Array<Omit<InclusionVector, 'index' | 'size'> & { index: string; size: string }>;
  consistency: Array<Omit<ConsistencyVector, 'size1' | 'size2'> & { size1: string; size2: string }>;
  signed_notes: Array<{ desc: string; vkey: string; skey?: string; text?: string; note: string; want_err: boolean }>;
  vkeys: Array<{ vkey: string; name: string; key_id_hex: string; signature_type: number }>;
  cosignature_timestamp: { signature_b64: string; key_id_hex: string; timestamp: string };
  tile_paths: {
    examples: Array<
      | { index: string; path_component: string }
      | { tree_size: string; tiles: Array<{ level: number; full_tiles: string; partial_width: number; partial_path: string | null }> }
    >;
  };
  checkpoint_example: { text: string };
  end_to_end_fixture: Record<string, unknown> & {
    checkpoint_7_signed: string;
    checkpoint_8_signed: string;
    checkpoint_7_cosigned: string;
    checkpoint_8_cosigned: string;
    checkpoint_8_witness_line: string;
    consistency_7_8_b64: string[];
    inclusion_size_8: Array<{ index: string; leaf_hex: string; proof_b64: string[]; size: string }>;
    leaves_hex: string[];
    log_key_id_hex: string;
    log_public_key_hex: string;
    log_seed_hex: string;
    log_skey: string;
    log_vkey: string;
    origin: string;
    root_7_b64: string;
    root_8_b64: string;
    tlog_proof_index_5: string;
    witness_name: string;
    witness_public_key_hex: string;
    witness_seed_hex: string;
    witness_signed_message: string;
    witness_timestamp: string;
    witness_vkey_cosignature_v1: string;
  };
}

export const vectors = JSON.parse(quoted) as RawVectors;

export const inclusionVectors: InclusionVector[] = vectors.inclusion.map((v) => ({ ...v, index: BigInt(v.index), size: BigInt(v.size) }));
export const consistencyVectors: ConsistencyVector[] = vectors.consistency.map((v) => ({ ...v, size1: BigInt(v.size1), size2: BigInt(v.size2) }));

/** Lenient decoding on purpose: the negative vectors hold non-hash strings we must see as bytes. */
export function b64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'));
}

export function hex(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'hex'));
}

/** The eight RFC 6962 reference leaves (merkle_constants LeafInputs). */
export const referenceLeaves: Uint8Array[] = vectors.leaves.map((leaf) => hex(leaf.hex));
