import type { JsonObject } from './credentialSigning.ts';

/**
 * A signed credential as issuance records it: its JSON text (stored and answered as is) and its
 * log credentialHash (`sha256:` of the JCS bytes). Computed on the signing thread, so the issuer's
 * event loop neither serialises nor canonicalises it, and a string crosses threads as one copy.
 */
export interface SignedRecord {
  readonly json: string;
  readonly credentialHash: string;
}

/** The messages between the issuer and its signing threads (structured-clone friendly). */
export type SigningRequest =
  | {
      readonly kind: 'sign';
      readonly jobId: number;
      readonly keyId: string;
      /** Sent the first time a thread signs for this key; the thread keeps the signer. */
      readonly seed?: Uint8Array;
      /** ISO date for `proof.created`. */
      readonly date: string;
      readonly credentials: readonly JsonObject[];
      /** `records`: answer each credential as its JSON text and log hash (issuance), not as an object. */
      readonly output?: 'credentials' | 'records';
    }
  | { readonly kind: 'stats'; readonly jobId: number };

export type SigningResponse =
  | { readonly jobId: number; readonly ok: true; readonly signed: JsonObject[] }
  | { readonly jobId: number; readonly ok: true; readonly records: SignedRecord[] }
  | { readonly jobId: number; readonly ok: true; readonly keyObjects: { readonly private: number; readonly public: number } }
  | { readonly jobId: number; readonly ok: false; readonly message: string; readonly code?: string };
