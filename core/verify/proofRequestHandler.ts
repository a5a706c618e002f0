import { verifyReceipt } from './logReceipt.ts';
import type { ProofThreadReply, ProofThreadRequest } from './proofThreadMessages.ts';
import { verifyCredentialProofNow, verifyPresentationProofNow } from './proofVerification.ts';
import { warmProofVerification } from './warmProofVerification.ts';

/**
 * The answer to one proof job, with the offline document loader; the same function on a verify
 * thread (proofThread.ts) and on the event loop when a lone verification's work stays there
 * (proofJobQueue.ts). Holds no database, no secrets.
 */
export async function handleProofRequest(request: ProofThreadRequest): Promise<Omit<ProofThreadReply, 'jobId' | 'ok'>> {
  switch (request.kind) {
    case 'warm':
      await warmProofVerification();
      return {};
    case 'credential':
      return { credential: await verifyCredentialProofNow(request.credential) };
    case 'presentation':
      return { presentation: await verifyPresentationProofNow(request.presentation, request.challenge, request.domain) };
    case 'receipt':
      return { receipt: verifyReceipt(request.credential, request.issuerDid, request.receipt, request.logKey) };
  }
}
