import type { CheckResult } from '../../core/verify/checkResult.ts';
import type { CredentialReport } from '../../core/verify/credentialChecks.ts';
import type { RequirementOutcome } from '../policies/evaluatePolicy.ts';

/** The stored and returned verification report (contracts.md). */
export interface ReportCredential {
  readonly id: string | null;
  readonly type: string;
  readonly issuer: { readonly did: string | null; readonly name: string | null };
  readonly summary: string;
  readonly verified: boolean;
  readonly checks: readonly CheckResult[];
}

export interface VerificationReport {
  readonly reportId: string;
  readonly requestId: string | null;
  readonly kind: 'credential' | 'presentation' | 'request';
  readonly verified: boolean;
  readonly decision: 'accepted' | 'rejected';
  readonly checkedAt: string;
  /** Who asked: the staff actor (for a presentation request, the staff member who created it). */
  readonly requestedBy: string;
  readonly presentation?: { readonly holder: string | null; readonly checks: readonly CheckResult[] };
  readonly credentials: readonly ReportCredential[];
  readonly policy?: {
    readonly id: string;
    readonly name: string;
    readonly satisfied: boolean;
    readonly requirements: readonly RequirementOutcome[];
  };
  readonly errors: readonly string[];
}

export function reportCredential(report: CredentialReport): ReportCredential {
  return {
    id: report.id ?? null,
    type: report.type,
    issuer: { did: report.issuer.did ?? null, name: report.issuer.name ?? null },
    summary: report.summary,
    verified: report.verified,
    checks: report.checks,
  };
}

/** One readable line per failed check and unmet requirement, most fundamental first. */
export function errorLines(
  presentationChecks: readonly CheckResult[],
  credentials: readonly ReportCredential[],
  requirements: readonly RequirementOutcome[] = [],
): string[] {
  const lines: string[] = [];
  for (const check of presentationChecks) if (!check.ok) lines.push(`${check.check} (${check.code}): ${check.detail}`);
  credentials.forEach((credential, i) => {
    const label = credential.id ?? `credential ${i + 1}`;
    for (const check of credential.checks) if (!check.ok) lines.push(`${label} ${credential.type}: ${check.check} (${check.code}): ${check.detail}`);
  });
  for (const requirement of requirements) if (!requirement.met) lines.push(`requirement not met: ${requirement.description} — ${requirement.detail}`);
  return lines;
}
