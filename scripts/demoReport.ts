/** Prints a verification report (the verifier's stored report) for people, one line per finding. */
export interface DemoReport {
  readonly decision?: string;
  readonly verified?: boolean;
  readonly errors?: readonly string[];
  readonly presentation?: { readonly holder?: string; readonly checks?: readonly DemoCheck[] };
  readonly credentials?: ReadonlyArray<{
    readonly type?: string;
    readonly summary?: string;
    readonly issuer?: { readonly name?: string; readonly did?: string };
    readonly checks?: readonly DemoCheck[];
  }>;
  readonly policy?: {
    readonly name?: string;
    readonly satisfied?: boolean;
    readonly requirements?: ReadonlyArray<{ readonly description?: string; readonly met?: boolean; readonly detail?: string }>;
  };
}

interface DemoCheck {
  readonly check: string;
  readonly ok: boolean;
  readonly code?: string;
  readonly detail?: string;
}

const mark = (ok: boolean | undefined) => (ok ? '✔' : '✘');

export function printReport(report: DemoReport, line: (text: string) => void): void {
  line(`decision: ${(report.decision ?? (report.verified ? 'accepted' : 'rejected')).toUpperCase()}`);
  line(`presentation by ${report.presentation?.holder ?? '?'}`);
  for (const check of report.presentation?.checks ?? []) line(`  ${mark(check.ok)} ${check.check}${check.detail ? ` — ${check.detail}` : ''}`);
  for (const credential of report.credentials ?? []) {
    line(`${credential.type ?? 'credential'}: ${credential.summary ?? ''} (issuer ${credential.issuer?.name ?? credential.issuer?.did ?? '?'})`);
    for (const check of credential.checks ?? []) line(`  ${mark(check.ok)} ${check.check}${check.detail ? ` — ${check.detail}` : ''}`);
  }
  if (report.policy) {
    line(`policy "${report.policy.name ?? ''}": ${report.policy.satisfied ? 'SATISFIED' : 'NOT satisfied'}`);
    for (const requirement of report.policy.requirements ?? []) {
      line(`  ${mark(requirement.met)} ${requirement.description ?? ''}${requirement.detail ? ` — ${requirement.detail}` : ''}`);
    }
  }
  for (const error of report.errors ?? []) line(`  ! ${error}`);
}
