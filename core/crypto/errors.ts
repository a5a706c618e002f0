/**
 * The one error class of core/crypto. `code` is stable (callers and HTTP layers switch on it);
 * the message names what is wrong but never includes key material or plaintext.
 */
export type CryptoErrorCode =
  | 'crypto.didkey.malformed'
  | 'crypto.key.invalid'
  | 'crypto.decrypt.failed'
  | 'crypto.encrypt.invalid'
  | 'crypto.verificationMethod.unsupported';

export class CryptoError extends Error {
  readonly code: CryptoErrorCode;

  constructor(code: CryptoErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CryptoError';
    this.code = code;
  }
}
