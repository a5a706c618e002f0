import { parseVerifierKey } from '../../core/log/noteKeys.ts';
import { failed, type CheckResult } from '../../core/verify/checkResult.ts';
import { checkCredential, type CredentialCheckContext, type TrustedIssuerRecord } from '../../core/verify/credentialChecks.ts';
import { issuerDidOf } from '../../core/verify/credentialFacts.ts';
import { checkLogInclusion } from '../../core/verify/logInclusion.ts';
import { createLogMonitor, type LogMonitor } from '../../core/verify/logMonitor.ts';
import { boundedFetchText } from '../../core/verify/boundedFetch.ts';
import { checkCredentialProof } from '../../core/verify/proofs.ts';
import { ReceiptClient, type ReceiptOutcome } from '../../core/verify/receiptClient.ts';
import { StatusListClient } from '../../core/verify/statusListClient.ts';
import type { JsonObject } from '../credentialShape.ts';
import { WalletError } from '../errors.ts';
import type { Runtime } from '../runtime.ts';
import type { CredentialStanding, IssuerProfile, TrustFile } from '../store/schemas.ts';
import { standingOf } from './standing.ts';

/**
 * The wallet's use of core/verify: the same named checks the hospital verifier runs, with the
 * wallet's own trust — the issuer named by the offer (as its service's directory describes it), the
 * log key pinned on first use, and the largest checkpoint seen per log (kept in trust.json so a
 * log that forks or rolls back is caught across runs).
 *
 * Checks: credential.proof, credential.issuer_trusted (the expected issuer, allowed to issue this
 * type and jurisdiction), credential.validity_window, credential.status.revocation / .suspension
 * (live status list), credential.log_inclusion (receipt + consistency), credential.holder_binding
 * (subject = this wallet's DID).
 */
export interface WalletCheckInput {
  readonly credential: JsonObject;
  /** The receipt to check; undefined fetches the current one from the issuer service. */
  readonly receipt: unknown;
  readonly issuer: IssuerProfile;
  readonly serviceUrl: string;
  /** The pinned log key; undefined when none is pinned and the service could not be asked (the log check then says so). */
  readonly logKey: string | undefined;
  readonly walletDid: string;
}

export interface WalletCheckOutcome {
  readonly checks: CheckResult[];
  readonly standing: CredentialStanding;
}

export class WalletVerifier {
  readonly #runtime: Runtime;
  readonly #statusClient: StatusListClient;
  readonly #receipts: ReceiptClient;
  readonly #monitors = new Map<string, LogMonitor>();
  #trust: TrustFile | undefined;
  #trustChanged = false;

  constructor(runtime: Runtime) {
    this.#runtime = runtime;
    const timeoutMs = runtime.config.httpTimeoutMs;
    // No caching across credentials is needed in a CLI run beyond the one run: a short TTL shares
    // a list between the two status purposes and several credentials on the same list.
    this.#statusClient = new StatusListClient({ ttlMs: 60_000, timeoutMs, now: () => runtime.now() });
    this.#receipts = new ReceiptClient({ ttlMs: 60_000, timeoutMs });
  }

  async verify(input: WalletCheckInput): Promise<WalletCheckOutcome> {
    const logKey = input.logKey;
    const monitor = logKey === undefined ? undefined : await this.#monitorFor(input.serviceUrl, logKey);
    const trusted: TrustedIssuerRecord = {
      did: input.issuer.did,
      name: input.issuer.name,
      kind: input.issuer.kind,
      credentialTypes: input.issuer.credentialTypes,
      jurisdictions: input.issuer.jurisdiction === null ? [] : [input.issuer.jurisdiction],
      statusBaseUrl: input.serviceUrl,
    };
    const context: CredentialCheckContext = {
      now: this.#runtime.now(),
      findTrustedIssuer: async (did) => (did === trusted.did ? trusted : undefined),
      statusClient: this.#statusClient,
      freshStatus: true,
      checkLogInclusion: async ({ credential, receipt }) => {
        if (logKey === undefined || monitor === undefined) {
          return failed('credential.log_inclusion', 'log.key_unavailable', `no log key is pinned for ${input.serviceUrl} and the service could not be reached to pin one`);
        }
        return checkLogInclusion(credential, receipt, {
          log: { origin: parseVerifierKey(logKey).name, verifierKey: logKey, baseUrl: input.serviceUrl },
          monitor,
          receipts: this.#receipts,
          onAdvanced: async (checkpoint) => this.#rememberCheckpoint(input.serviceUrl, checkpoint.note),
        });
      },
    };
    const proof = await checkCredentialProof(input.credential);
    const report = await checkCredential(
      input.credential,
      proof,
      { holder: input.walletDid, inPresentation: true, ...(input.receipt === undefined ? {} : { receipt: input.receipt }) },
      context,
    );
    const checks = report.checks.map((check) => this.#walletWording(check, input));
    return { checks, standing: standingOf(checks) };
  }

  /** The current receipt from the issuer service (for refresh). */
  fetchReceipt(serviceUrl: string, credentialHash: string): Promise<ReceiptOutcome> {
    return this.#receipts.receiptFor(serviceUrl, credentialHash);
  }

  /** Writes the newest verified checkpoints to trust.json (once, at the end of a command). */
  async save(): Promise<void> {
    if (this.#trust !== undefined && this.#trustChanged) {
      // Re-read so a log key pinned meanwhile in this run is kept; only checkpoints change here.
      const current = await this.#runtime.store.readTrust();
      for (const [url, log] of Object.entries(this.#trust.logs)) {
        const entry = current.logs[url];
        if (entry !== undefined && entry.key === log.key && log.checkpoint !== undefined) entry.checkpoint = log.checkpoint;
      }
      await this.#runtime.store.saveTrust(current);
      this.#trustChanged = false;
    }
  }

  async #monitorFor(serviceUrl: string, logKey: string): Promise<LogMonitor> {
    const existing = this.#monitors.get(serviceUrl);
    if (existing) return existing;
    this.#trust ??= await this.#runtime.store.readTrust();
    const pinned = this.#trust.logs[serviceUrl];
    const trustedCheckpoint = pinned !== undefined && pinned.key === logKey ? pinned.checkpoint : undefined;
    let monitor: LogMonitor;
    try {
      monitor = createLogMonitor({
        verifierKey: logKey,
        baseUrl: serviceUrl,
        fetchText: (url) => boundedFetchText(url, { timeoutMs: this.#runtime.config.httpTimeoutMs }),
        ...(trustedCheckpoint === undefined ? {} : { trustedCheckpoint }),
      });
    } catch (error) {
      throw new WalletError('wallet.corrupt', `${this.#runtime.store.trustPath}: the pinned log key or checkpoint of ${serviceUrl} is not usable (${(error as Error).message})`);
    }
    this.#monitors.set(serviceUrl, monitor);
    return monitor;
  }

  #rememberCheckpoint(serviceUrl: string, note: string): void {
    const entry = this.#trust?.logs[serviceUrl];
    if (entry !== undefined) {
      entry.checkpoint = note;
      this.#trustChanged = true;
    }
  }

  /** core/verify words issuer trust for a hospital's registry; the wallet's question is "is this who offered it?". */
  #walletWording(check: CheckResult, input: WalletCheckInput): CheckResult {
    if (check.check !== 'credential.issuer_trusted' || check.ok) return check;
    const did = issuerDidOf(input.credential);
    if (did !== input.issuer.did) {
      return failed('credential.issuer_trusted', 'issuer.unexpected', `the credential is issued by ${did ?? 'nobody'}, not by ${input.issuer.name} (${input.issuer.did})`);
    }
    return check;
  }
}
