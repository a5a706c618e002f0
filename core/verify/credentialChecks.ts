import { failed, type CheckName, type CheckResult } from './checkResult.ts';
import { credentialIdOf, credentialTypeOf, issuerDidOf, summaryOf } from './credentialFacts.ts';
import { checkHolderBinding } from './holderBinding.ts';
import { checkIssuerTrusted, type TrustedIssuerView } from './issuerTrust.ts';
import { checkCredentialStatus, type StatusOutcome } from './statusCheck.ts';
import type { StatusListClient } from './statusListClient.ts';
import { checkValidityWindow } from './validityWindow.ts';

/**
 * Runs every credential check after the proof (which is verified together with the presentation,
 * see proofs.ts) and gathers them into one per-credential report. The trust registry and the log
 * are reached through the context, so the hospital verifier (database) and the wallet (its own
 * files) share this code.
 */
export interface TrustedIssuerRecord extends TrustedIssuerView {
  /** The issuer service's registered base URL: status lists and log receipts come only from under it. */
  readonly statusBaseUrl: string | null;
}

export interface LogInclusionInput {
  readonly credential: Record<string, unknown>;
  readonly issuer: TrustedIssuerRecord;
  /** A receipt that came with the credential (`{verifiableCredential, receipt}`); otherwise one is fetched. */
  readonly receipt?: unknown;
}

export interface CredentialCheckContext {
  readonly now: Date;
  readonly clockSkewSeconds?: number;
  findTrustedIssuer(did: string): Promise<TrustedIssuerRecord | undefined>;
  readonly statusClient: StatusListClient;
  checkLogInclusion(input: LogInclusionInput): Promise<CheckResult>;
  /** Bypass status caches (the monitor). */
  readonly freshStatus?: boolean;
  /** Only these checks run (VC-API `options.checks`); all when absent. */
  readonly only?: ReadonlySet<CheckName>;
}

export interface CredentialReport {
  readonly id: string | undefined;
  readonly type: string;
  readonly issuer: { readonly did: string | undefined; readonly name: string | undefined };
  readonly summary: string;
  readonly verified: boolean;
  readonly checks: readonly CheckResult[];
  /** Raw status bits (for the monitor), when they were read. */
  readonly statuses: readonly StatusOutcome[];
}

export function wants(context: { only?: ReadonlySet<CheckName> }, check: CheckName): boolean {
  return context.only === undefined || context.only.has(check);
}

function notConsulted(check: CheckName, why: string): CheckResult {
  return failed(check, 'not_checked', why);
}

export async function checkCredential(
  credential: Record<string, unknown>,
  proof: CheckResult | undefined,
  options: { holder?: string | undefined; inPresentation: boolean; receipt?: unknown },
  context: CredentialCheckContext,
): Promise<CredentialReport> {
  const checks: CheckResult[] = [];
  if (proof && wants(context, 'credential.proof')) checks.push(proof);
  const did = issuerDidOf(credential);
  const trusted = did === undefined ? undefined : await context.findTrustedIssuer(did);
  const trust = checkIssuerTrusted(credential, trusted);
  if (wants(context, 'credential.issuer_trusted')) checks.push(trust);
  if (wants(context, 'credential.validity_window')) {
    checks.push(checkValidityWindow(credential, context.now, context.clockSkewSeconds === undefined ? {} : { clockSkewSeconds: context.clockSkewSeconds }));
  }

  let statuses: StatusOutcome[] = [];
  const wantStatus = wants(context, 'credential.status.revocation') || wants(context, 'credential.status.suspension');
  const wantLog = wants(context, 'credential.log_inclusion');
  // The issuer's status lists and log are consulted only for an issuer in the registry: its
  // registered base URL is the only place they may be fetched from.
  if (trusted === undefined) {
    const why = 'not consulted: the issuer is not in the trust registry, so there is no registered place to ask';
    if (wants(context, 'credential.status.revocation')) checks.push(notConsulted('credential.status.revocation', why));
    if (wants(context, 'credential.status.suspension')) checks.push(notConsulted('credential.status.suspension', why));
    if (wantLog) checks.push(notConsulted('credential.log_inclusion', why));
  } else {
    const [statusOutcomes, logResult] = await Promise.all([
      wantStatus
        ? checkCredentialStatus(credential, {
            client: context.statusClient,
            allowedBaseUrl: trusted.statusBaseUrl,
            ...(context.freshStatus === undefined ? {} : { fresh: context.freshStatus }),
          })
        : Promise.resolve([]),
      wantLog ? context.checkLogInclusion({ credential, issuer: trusted, ...(options.receipt === undefined ? {} : { receipt: options.receipt }) }) : Promise.resolve(undefined),
    ]);
    statuses = statusOutcomes;
    for (const outcome of statusOutcomes) if (wants(context, outcome.result.check)) checks.push(outcome.result);
    if (logResult) checks.push(logResult);
  }
  if (options.inPresentation && wants(context, 'credential.holder_binding')) checks.push(checkHolderBinding(credential, options.holder));

  return {
    id: credentialIdOf(credential),
    type: credentialTypeOf(credential),
    issuer: { did, name: trusted?.name },
    summary: summaryOf(credential),
    verified: checks.every((c) => c.ok),
    checks,
    statuses,
  };
}
