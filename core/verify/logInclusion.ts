import { encodeBase64 } from '../log/bytes.ts';
import { errorText, failed, passed, type CheckResult } from './checkResult.ts';
import { credentialHashOf, issuerDidOf, rememberCredentialHash } from './credentialFacts.ts';
import type { LogMonitor, MonitoredCheckpoint } from './logMonitor.ts';
import { parseReceipt, verifyReceipt, type Receipt, type ReceiptVerdict } from './logReceipt.ts';
import type { ReceiptClient } from './receiptClient.ts';

/**
 * `credential.log_inclusion`: the credential's issuance is in the issuer service's credential log.
 * The receipt (given with the credential, or fetched from the trusted issuer's registered base URL)
 * must verify against the pinned log key, and its checkpoint must be consistent with the largest
 * checkpoint this verifier already trusts — proved by the log monitor with a consistency proof in
 * whichever direction — so a log that shows this verifier a forked history is caught. When the
 * receipt's checkpoint is newer, it becomes the trusted one (`onAdvanced` persists it).
 */
export interface PinnedLog {
  readonly origin: string;
  readonly verifierKey: string;
  /** The issuer service base URL the log (and its receipts) are served under. */
  readonly baseUrl: string;
}

export interface LogInclusionDeps {
  readonly log: PinnedLog;
  readonly monitor: LogMonitor;
  readonly receipts: ReceiptClient;
  /**
   * Checkpoints (`size:root`) already proved consistent with the trusted one. The trusted checkpoint
   * only ever moves forward along consistency proofs, so a checkpoint consistent with it once stays
   * consistent with every later one: the proof need not be fetched again for the same receipt.
   */
  readonly provenConsistent?: ProvenCheckpoints;
  /** Where the receipt's hashing and signature checks run (a worker thread); here when absent. */
  readonly verifyReceipt?: (credential: Record<string, unknown>, issuerDid: string, receipt: Receipt, logKey: string) => Promise<ReceiptVerdict>;
  onAdvanced?(checkpoint: MonitoredCheckpoint): Promise<void>;
}

/** A bounded set of checkpoint identities. */
export class ProvenCheckpoints {
  readonly #seen = new Set<string>();
  constructor(private readonly max = 10_000) {}
  has(size: bigint, root: Uint8Array): boolean {
    return this.#seen.has(`${size}:${encodeBase64(root)}`);
  }
  add(size: bigint, root: Uint8Array): void {
    if (this.#seen.size >= this.max) this.#seen.clear();
    this.#seen.add(`${size}:${encodeBase64(root)}`);
  }
}

export async function checkLogInclusion(credential: Record<string, unknown>, suppliedReceipt: unknown, deps: LogInclusionDeps): Promise<CheckResult> {
  const check = 'credential.log_inclusion';
  const issuer = issuerDidOf(credential);
  if (issuer === undefined) return failed(check, 'log.receipt.issuer_mismatch', 'the credential names no issuer');
  let receipt;
  if (suppliedReceipt !== undefined) {
    receipt = parseReceipt(suppliedReceipt);
    if (!receipt) return failed(check, 'log.receipt.malformed', 'the receipt given with the credential is not {entry, leafHash, leafIndex, treeSize, proof}');
  } else {
    let hash: string;
    try {
      hash = credentialHashOf(credential);
    } catch (error) {
      return failed(check, 'log.receipt.hash_mismatch', `the credential cannot be hashed: ${errorText(error)}`);
    }
    const fetched = await deps.receipts.receiptFor(deps.log.baseUrl, hash);
    if (!fetched.ok) return failed(check, fetched.code, fetched.detail);
    receipt = fetched.receipt;
  }
  const verdict = deps.verifyReceipt
    ? await deps.verifyReceipt(credential, issuer, receipt, deps.log.verifierKey)
    : verifyReceipt(credential, issuer, receipt, deps.log.verifierKey);
  if (!verdict.ok) return failed(check, verdict.code, verdict.detail);
  // The receipt's entry names this credential's hash: remembered, so it is not computed again here.
  rememberCredentialHash(credential, verdict.entry.credentialHash);

  const { size, root, origin } = verdict.checkpoint.checkpoint;
  if (deps.provenConsistent?.has(size, root)) {
    return passed(check, `issuance is entry ${verdict.index} of ${size} in ${origin}; checkpoint signed by the pinned key, already proved consistent with the trusted one`);
  }
  const trustedBefore = deps.monitor.trusted()?.size;
  const consistency = await deps.monitor.check(verdict.checkpointNote);
  if (!consistency.ok) {
    return failed(check, consistency.code, `the receipt's checkpoint is not acceptable: ${consistency.reason}`);
  }
  if (consistency.advanced && deps.onAdvanced) await deps.onAdvanced(consistency.checkpoint);
  deps.provenConsistent?.add(size, root);
  const trusted = deps.monitor.trusted();
  const relation =
    trustedBefore === undefined
      ? 'first checkpoint seen from this log'
      : consistency.advanced
        ? `consistent with the previously trusted size ${trustedBefore}, now trusted`
        : `consistent with the trusted checkpoint of size ${trusted?.size ?? '?'}`;
  return passed(check, `issuance is entry ${verdict.index} of ${verdict.checkpoint.checkpoint.size} in ${verdict.checkpoint.checkpoint.origin}; checkpoint signed by the pinned key, ${relation}`);
}
