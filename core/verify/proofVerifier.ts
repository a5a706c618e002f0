import { availableParallelism } from 'node:os';
import type { DocumentLoader } from '../credential/documentLoader.ts';
import { spawnTypeScriptWorker, WorkerPool } from '../workers/workerPool.ts';
import { failed, type CheckResult } from './checkResult.ts';
import { embeddedCredentials } from './credentialFacts.ts';
import { verifyReceipt, type Receipt, type ReceiptVerdict } from './logReceipt.ts';
import { isSmallDocument } from './smallDocument.ts';
import { requestsInFlight } from '../http/requestsInFlight.ts';
import { answerRequest } from '../workers/answerRequest.ts';
import { ProofJobQueue, type LoneWorkPolicy } from './proofJobQueue.ts';
import { handleProofRequest } from './proofRequestHandler.ts';
import { verificationsInFlight } from './verificationsInFlight.ts';
import type { ProofThreadReply, ProofThreadRequest } from './proofThreadMessages.ts';
import { verifyCredentialProofNow, verifyPresentationProofNow, type PresentationProofVerdict } from './proofVerification.ts';

/**
 * Where signatures get verified: on the event loop, or on worker threads so that every core serves
 * the verifier while its event loop handles HTTP, the database and the cheap checks.
 */
export interface ProofVerifier {
  credentialProof(credential: Record<string, unknown>): Promise<CheckResult>;
  presentationProof(presentation: Record<string, unknown>, challenge: string, domain: string | undefined): Promise<PresentationProofVerdict>;
  /** A log receipt against the pinned key (hashing and the checkpoint signature): logReceipt.ts. */
  receipt(credential: Record<string, unknown>, issuerDid: string, receipt: Receipt, logKey: string): Promise<ReceiptVerdict>;
  /** Threads in use (0 = the event loop). */
  readonly threads: number;
  close(): Promise<void>;
}

/** On the event loop, with the given document loader (the offline one by default). */
export function inProcessProofVerifier(documentLoader?: DocumentLoader): ProofVerifier {
  return {
    threads: 0,
    credentialProof: (credential) => verifyCredentialProofNow(credential, documentLoader),
    presentationProof: (presentation, challenge, domain) => verifyPresentationProofNow(presentation, challenge, domain, documentLoader),
    receipt: async (credential, issuerDid, receipt, logKey) => verifyReceipt(credential, issuerDid, receipt, logKey),
    close: async () => {},
  };
}

/** A thread failure becomes a failed check (the verification cannot be completed), never a pass. */
function threadFailure(reply: { message?: string }): { code: string; detail: string } {
  return { code: 'proof.not_checked', detail: `the signature could not be checked: ${reply.message ?? 'a verification thread failed'}` };
}

/**
 * How much work each job is, for spreading it over the threads: a presentation proof canonicalises
 * its credentials again (about half a credential's work each); a receipt is mostly one hash.
 */
const WEIGHT = { credential: 1, receipt: 0.5, presentationBase: 1, perEmbeddedCredential: 0.5 } as const;

/** A thread that died or a closed pool answers like a failed reply. */
async function ask(queue: ProofJobQueue, build: (jobId: number) => ProofThreadRequest, weight: number): Promise<ProofThreadReply> {
  try {
    return (await queue.submit(build, weight)) as ProofThreadReply;
  } catch (error) {
    return { jobId: 0, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * A lone verification of a credential (its proof and receipt, 1.5) or of a one-credential
 * presentation (3) keeps its proof work on the event loop, which would otherwise sit waiting for
 * the threads' answers (bench/FINDINGS.md, "A lone verification"). Larger presentations are shared
 * among the threads.
 */
const LONE_MAX_WEIGHT = WEIGHT.presentationBase + WEIGHT.perEmbeddedCredential + WEIGHT.credential + WEIGHT.receipt;

/**
 * A document larger than this (isSmallDocument's units; a RadCred credential with its proof and
 * status is about 40, a one-credential presentation about 70) never stays on the event loop: a
 * request body may be up to 1 MB, and one such document would hold the event loop for as long as
 * its canonicalisation takes.
 */
const LONE_MAX_DOCUMENT_UNITS = 400;

/** The job's weight, or more than lone work may be when the document is large. */
function weighed(weight: number, document: unknown): number {
  return isSmallDocument(document, LONE_MAX_DOCUMENT_UNITS) ? weight : weight + LONE_MAX_WEIGHT;
}

const loneWorkHere: LoneWorkPolicy = {
  maxWeight: LONE_MAX_WEIGHT,
  eventLoopBusy: () => requestsInFlight() > 1 || verificationsInFlight() > 1,
  answer: (request) => answerRequest(handleProofRequest, request as ProofThreadRequest),
};

/** One pool per thread count (and lone-work choice) per process, shared by every verifier in it (tests start many). */
const shared = new Map<string, { pool: WorkerPool; queue: ProofJobQueue; users: number }>();

function acquirePool(threads: number, loneWork: boolean): ProofJobQueue {
  const key = `${threads} ${loneWork}`;
  let entry = shared.get(key);
  if (!entry) {
    const pool = new WorkerPool({
      threads,
      errorCode: 'verify.thread_failed',
      spawn: () => spawnTypeScriptWorker(new URL('./proofThread.ts', import.meta.url), 'radcred-verify'),
    });
    // Warm the threads now: the first verification must not pay for loading and context processing.
    void pool.broadcast((jobId): ProofThreadRequest => ({ kind: 'warm', jobId })).catch(() => undefined);
    entry = { pool, queue: new ProofJobQueue(pool, loneWork ? loneWorkHere : undefined), users: 0 };
    shared.set(key, entry);
  }
  entry.users += 1;
  return entry.queue;
}

async function releasePool(queue: ProofJobQueue): Promise<void> {
  const found = [...shared].find(([, entry]) => entry.queue === queue);
  if (!found) return;
  const [key, entry] = found;
  entry.users -= 1;
  if (entry.users > 0) return;
  shared.delete(key);
  await entry.pool.close();
}

/**
 * Worker threads using the offline document loader (bundled contexts and did:key only — the same as
 * the event loop's default). Threads start at once and warm up in the background. A lone
 * verification's small work stays on the event loop unless `loneWorkOnEventLoop` is false (tests
 * that must exercise the threads).
 */
export function threadedProofVerifier(threads: number = availableParallelism(), options: { loneWorkOnEventLoop?: boolean } = {}): ProofVerifier {
  const queue = acquirePool(threads, options.loneWorkOnEventLoop ?? true);
  let closed = false;
  return {
    threads,
    async credentialProof(credential) {
      const reply = await ask(queue, (jobId) => ({ kind: 'credential', jobId, credential }), weighed(WEIGHT.credential, credential));
      if (!reply.ok || reply.credential === undefined) {
        const { code, detail } = threadFailure(reply);
        return failed('credential.proof', code, detail);
      }
      return reply.credential;
    },
    async presentationProof(presentation, challenge, domain) {
      const weight = weighed(WEIGHT.presentationBase + WEIGHT.perEmbeddedCredential * embeddedCredentials(presentation).length, presentation);
      const reply = await ask(queue, (jobId) => ({ kind: 'presentation', jobId, presentation, challenge, ...(domain === undefined ? {} : { domain }) }), weight);
      if (!reply.ok || reply.presentation === undefined) return { verified: false, ...threadFailure(reply) };
      return reply.presentation;
    },
    async receipt(credential, issuerDid, receipt, logKey) {
      const reply = await ask(queue, (jobId) => ({ kind: 'receipt', jobId, credential, issuerDid, receipt, logKey }), weighed(WEIGHT.receipt, [credential, receipt]));
      if (!reply.ok || reply.receipt === undefined) return { ok: false, code: 'log.receipt.not_checked', detail: threadFailure(reply).detail };
      return reply.receipt;
    },
    async close() {
      if (closed) return;
      closed = true;
      await releasePool(queue);
    },
  };
}

/** Threads when `threads` > 0, else the event loop. */
export function proofVerifierWithThreads(threads: number): ProofVerifier {
  return threads > 0 ? threadedProofVerifier(threads) : inProcessProofVerifier();
}
