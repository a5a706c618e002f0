/** Coded errors of the stored credential log (the pure log formats throw core/log's LogError). */

export type CredentialLogErrorCode =
  | 'log.store.origin_mismatch'
  | 'log.store.corrupt'
  | 'log.store.empty'
  | 'log.sequencer.stopped'
  | 'log.sequencer.timeout'
  | 'log.entry.unknown'
  | 'log.key.invalid'
  | 'log.request.malformed';

export class CredentialLogError extends Error {
  readonly code: CredentialLogErrorCode;

  constructor(code: CredentialLogErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CredentialLogError';
    this.code = code;
  }
}
