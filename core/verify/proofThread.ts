import { serveWorkerRequests } from '../workers/serveRequests.ts';
import { handleProofRequest } from './proofRequestHandler.ts';
import type { ProofThreadReply, ProofThreadRequest } from './proofThreadMessages.ts';

/** A verification thread: checks signatures with the offline document loader; holds no database, no secrets. */
serveWorkerRequests<ProofThreadRequest, ProofThreadReply>(handleProofRequest);
