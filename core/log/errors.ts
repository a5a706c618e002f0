/**
 * Coded errors of the credential log. Every failure carries a stable `code` that callers (HTTP
 * problem mapping, the verifier's named checks) switch on; the message names what is wrong.
 */

export type LogProofErrorCode =
  | 'log.proof.malformed'
  | 'log.proof.index_out_of_range'
  | 'log.proof.root_mismatch'
  | 'log.proof.size';

export type LogErrorCode =
  | LogProofErrorCode
  | 'log.tree.bad_node'
  | 'log.note.malformed'
  | 'log.note.bad_signature'
  | 'log.note.unverified'
  | 'log.note.key_malformed'
  | 'log.checkpoint.malformed'
  | 'log.checkpoint.origin_mismatch'
  | 'log.checkpoint.unsigned'
  | 'log.tile.malformed_path'
  | 'log.tile.malformed'
  | 'log.entry.invalid'
  | 'log.entry.too_large'
  | 'log.entry.not_canonical'
  | 'log.proof_file.malformed';

export class LogError extends Error {
  readonly code: LogErrorCode;

  constructor(code: LogErrorCode, message: string) {
    super(message);
    this.name = 'LogError';
    this.code = code;
  }
}

/** A Merkle inclusion or consistency proof that does not verify or cannot be evaluated. */
export class LogProofError extends LogError {
  declare readonly code: LogProofErrorCode;

  constructor(code: LogProofErrorCode, message: string) {
    super(code, message);
    this.name = 'LogProofError';
  }
}
