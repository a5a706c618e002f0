import type { JsonObject } from './credentialSigning.ts';

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
    }
  | { readonly kind: 'stats'; readonly jobId: number };

export type SigningResponse =
  | { readonly jobId: number; readonly ok: true; readonly signed: JsonObject[] }
  | { readonly jobId: number; readonly ok: true; readonly keyObjects: { readonly private: number; readonly public: number } }
  | { readonly jobId: number; readonly ok: false; readonly message: string; readonly code?: string };
