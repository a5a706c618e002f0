import { serveWorkerRequests } from '../workers/serveRequests.ts';
import { verifyReceipt } from './logReceipt.ts';
import type { ProofThreadReply, ProofThreadRequest } from './proofThreadMessages.ts';
import { verifyCredentialProofNow, verifyPresentationProofNow } from './proofVerification.ts';
import { warmProofVerification } from './warmProofVerification.ts';

/** A verification thread: checks signatures with the offline document loader; holds no database, no secrets. */
serveWorkerRequests<ProofThreadRequest, ProofThreadReply>(async (request) => {
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
});
