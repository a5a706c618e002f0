import { failed, type CheckName } from '../../core/verify/checkResult.ts';
import type { CredentialCheckContext, TrustedIssuerRecord } from '../../core/verify/credentialChecks.ts';
import { checkLogInclusion } from '../../core/verify/logInclusion.ts';
import type { ProofCheckOptions } from '../../core/verify/proofs.ts';
import type { VerifierDeps } from '../deps.ts';
import { advanceTrustedCheckpoint, findTrustedLogByBaseUrl } from '../stores/trustedLogStore.ts';

/**
 * The hospital verifier's side of the shared checks: the trust registry and pinned logs come from
 * its database, status lists and receipts from the long-lived caches, time from its clock.
 */
export function verifierCheckContext(
  deps: VerifierDeps,
  options: { only?: ReadonlySet<CheckName>; freshStatus?: boolean; now?: Date } = {},
): CredentialCheckContext & ProofCheckOptions {
  const issuers = new Map<string, Promise<TrustedIssuerRecord | undefined>>();
  const logs = new Map<string, ReturnType<typeof findTrustedLogByBaseUrl>>();
  return {
    now: options.now ?? deps.now(),
    clockSkewSeconds: deps.config.clockSkewSeconds,
    statusClient: deps.statusLists,
    proofVerifier: deps.proofVerifier,
    ...(deps.proofCache === undefined ? {} : { proofCache: deps.proofCache }),
    ...(options.only === undefined ? {} : { only: options.only }),
    ...(options.freshStatus === undefined ? {} : { freshStatus: options.freshStatus }),
    findTrustedIssuer(did) {
      let found = issuers.get(did);
      if (!found) {
        found = deps.trustReads.issuer(deps.db, did);
        issuers.set(did, found);
      }
      return found;
    },
    async checkLogInclusion({ credential, issuer, receipt }) {
      if (!issuer.statusBaseUrl) {
        return failed('credential.log_inclusion', 'log.not_pinned', `no issuer service URL is registered for ${issuer.name}, so no credential log is known for it`);
      }
      const baseUrl = issuer.statusBaseUrl.replace(/\/+$/, '');
      let pending = logs.get(baseUrl);
      if (!pending) {
        pending = deps.trustReads.logByBaseUrl(deps.db, baseUrl);
        logs.set(baseUrl, pending);
      }
      const log = await pending;
      if (!log) return failed('credential.log_inclusion', 'log.not_pinned', `no credential log is pinned for ${issuer.statusBaseUrl} (staff: POST /trusted-logs)`);
      const monitor = await deps.logTrust.monitorFor(log);
      if (!monitor.ok) return failed('credential.log_inclusion', monitor.code, monitor.detail);
      return checkLogInclusion(credential, receipt, {
        log,
        monitor: monitor.monitor,
        receipts: deps.receipts,
        provenConsistent: monitor.proven,
        verifyReceipt: (credential, issuerDid, receipt, logKey) => deps.proofVerifier.receipt(credential, issuerDid, receipt, logKey),
        onAdvanced: async (checkpoint) => {
          await advanceTrustedCheckpoint(deps.db, log.origin, checkpoint.note, checkpoint.size);
        },
      });
    },
  };
}
