import type { TextFetcher } from '../../core/verify/boundedFetch.ts';
import { VerifiedProofCache } from '../../core/verify/proofCache.ts';
import { proofVerifierWithThreads, type ProofVerifier } from '../../core/verify/proofVerifier.ts';
import { ReceiptClient } from '../../core/verify/receiptClient.ts';
import { StatusListClient } from '../../core/verify/statusListClient.ts';
import type { VerifierConfig } from '../config.ts';
import { LogTrust } from './logTrust.ts';
import { TrustReadCache } from './trustReadCache.ts';

/** The long-lived verification helpers (caches, log monitors), built once per process. */
export interface VerificationRuntime {
  readonly statusLists: StatusListClient;
  readonly receipts: ReceiptClient;
  readonly logTrust: LogTrust;
  /** The verifier's clock (validity windows, challenge expiry, policy windows). */
  readonly now: () => Date;
  /** Credential signatures already verified (undefined when disabled). */
  readonly proofCache: VerifiedProofCache | undefined;
  /** Where signatures are verified: worker threads or the event loop. Closed with the service. */
  readonly proofVerifier: ProofVerifier;
  /** Trust registry and pinned-log reads of the verification path. */
  readonly trustReads: TrustReadCache;
}

export function createVerificationRuntime(config: VerifierConfig, options: { fetchText?: TextFetcher; now?: () => Date } = {}): VerificationRuntime {
  const fetchText = options.fetchText === undefined ? {} : { fetchText: options.fetchText };
  const timeoutMs = config.fetchTimeoutSeconds * 1000;
  return {
    statusLists: new StatusListClient({ ttlMs: config.statusCacheTtlSeconds * 1000, timeoutMs, ...fetchText }),
    receipts: new ReceiptClient({ ttlMs: config.receiptCacheTtlSeconds * 1000, timeoutMs, ...fetchText }),
    logTrust: new LogTrust({ timeoutMs, ...fetchText }),
    now: options.now ?? (() => new Date()),
    proofCache: config.proofCacheEntries > 0 ? new VerifiedProofCache({ maxEntries: config.proofCacheEntries }) : undefined,
    proofVerifier: proofVerifierWithThreads(config.verifyThreads),
    trustReads: new TrustReadCache({ ttlMs: config.trustCacheSeconds * 1000 }),
  };
}
