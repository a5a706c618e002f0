import type { ColumnType, Generated } from 'kysely';

/**
 * The credential log's tables (migrations/issuer/20261123T000200-credential-log.ts). bytea columns
 * read back as Buffer; bigint (int8) columns as BigInt (core/db/connect.ts sets the parser).
 * Integrated rows are append-only (the database refuses UPDATE and DELETE).
 */

type Bytes = ColumnType<Buffer, Buffer | Uint8Array, never>;
type Immutable<T> = ColumnType<T, T, never>;

export interface LogKeysTable {
  /** The log's origin line, also the key name. */
  origin: string;
  /** C2SP vkey string `origin+hex8(keyID)+base64(0x01 || public key)`. */
  verifier_key: string;
  /** The Ed25519 seed, encrypted with the key-encryption key (core/crypto/keyEncryption.ts). */
  encrypted_seed: string;
  created_at: Generated<Date>;
}

export interface LogQueueTable {
  seq: ColumnType<bigint, never, never>;
  leaf_hash: Bytes;
  entry: Bytes;
  kind: Immutable<'issue' | 'status'>;
  credential_hash: Bytes;
  queued_at: Generated<Date>;
}

export interface LogEntriesTable {
  leaf_index: Immutable<bigint>;
  leaf_hash: Bytes;
  /** The entry's JCS bytes, exactly as hashed into the leaf. */
  entry: Bytes;
  kind: Immutable<'issue' | 'status'>;
  credential_hash: Bytes;
  integrated_at: Generated<Date>;
}

export interface LogNodesTable {
  level: Immutable<number>;
  node_index: Immutable<bigint>;
  hash: Bytes;
}

export interface LogCheckpointsTable {
  tree_size: Immutable<bigint>;
  root: Bytes;
  /** The signed C2SP checkpoint note. */
  note: Immutable<string>;
  created_at: Generated<Date>;
}

export interface LogTables {
  log_keys: LogKeysTable;
  log_queue: LogQueueTable;
  log_entries: LogEntriesTable;
  log_nodes: LogNodesTable;
  log_checkpoints: LogCheckpointsTable;
}
