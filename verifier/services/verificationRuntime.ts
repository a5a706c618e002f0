import type { TextFetcher } from '../../core/verify/boundedFetch.ts';
import { ReceiptClient } from '../../core/verify/receiptClient.ts';
import { StatusListClient } from '../../core/verify/statusListClient.ts';
import type { VerifierConfig } from '../config.ts';
import { LogTrust } from './logTrust.ts';

/** The long-lived verification helpers (caches, log monitors), built once per process. */
export interface VerificationRuntime {
  readonly statusLists: StatusListClient;
  readonly receipts: ReceiptClient;
  readonly logTrust: LogTrust;
  /** The verifier's clock (validity windows, challenge expiry, policy windows). */
  readonly now: () => Date;
}

export function createVerificationRuntime(config: VerifierConfig, options: { fetchText?: TextFetcher; now?: () => Date } = {}): VerificationRuntime {
  const fetchText = options.fetchText === undefined ? {} : { fetchText: options.fetchText };
  const timeoutMs = config.fetchTimeoutSeconds * 1000;
  return {
    statusLists: new StatusListClient({ ttlMs: config.statusCacheTtlSeconds * 1000, timeoutMs, ...fetchText }),
    receipts: new ReceiptClient({ ttlMs: config.receiptCacheTtlSeconds * 1000, timeoutMs, ...fetchText }),
    logTrust: new LogTrust({ timeoutMs, ...fetchText }),
    now: options.now ?? (() => new Date()),
  };
}
