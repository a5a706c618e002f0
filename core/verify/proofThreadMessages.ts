import type { CheckResult } from './checkResult.ts';
import type { Receipt, ReceiptVerdict } from './logReceipt.ts';
import type { PresentationProofVerdict } from './proofVerification.ts';

/** Messages between the verifier and its proof threads (proofThread.ts). */
export type ProofThreadRequest =
  | { readonly kind: 'warm'; readonly jobId: number }
  | { readonly kind: 'credential'; readonly jobId: number; readonly credential: Record<string, unknown> }
  | { readonly kind: 'presentation'; readonly jobId: number; readonly presentation: Record<string, unknown>; readonly challenge: string; readonly domain?: string }
  | { readonly kind: 'receipt'; readonly jobId: number; readonly credential: Record<string, unknown>; readonly issuerDid: string; readonly receipt: Receipt; readonly logKey: string };

export interface ProofThreadReply {
  readonly jobId: number;
  readonly ok: boolean;
  readonly message?: string;
  readonly code?: string;
  readonly credential?: CheckResult;
  readonly presentation?: PresentationProofVerdict;
  readonly receipt?: ReceiptVerdict;
}
