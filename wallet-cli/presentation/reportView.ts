import type { Style } from '../ui/style.ts';
import type { VerificationReport } from './requestSchema.ts';

/** The verifier's verdict as a person reads it: decision first, then each requirement, then failed checks. */
export function reportLines(report: VerificationReport, verifierName: string, style: Style): string[] {
  const accepted = report.decision === 'accepted';
  const lines = [
    `${verifierName}: ${accepted ? style.green(style.bold('ACCEPTED')) : style.red(style.bold('REJECTED'))}${report.reportId ? style.dim(` (report ${report.reportId})`) : ''}`,
  ];
  const requirements = report.policy?.requirements ?? [];
  if (requirements.length > 0) {
    lines.push(`  Policy${report.policy?.name ? ` "${report.policy.name}"` : ''}:`);
    for (const requirement of requirements) {
      const mark = requirement.met ? style.green('met    ') : style.red('NOT MET');
      lines.push(`    ${mark} ${requirement.description ?? 'requirement'}${requirement.detail ? ` — ${requirement.detail}` : ''}`);
    }
  }
  const failedPresentationChecks = (report.presentation?.checks ?? []).filter((c) => !c.ok);
  for (const check of failedPresentationChecks) {
    lines.push(`  ${style.red('FAIL')} ${check.check}${check.detail ? `: ${check.detail}` : ''}`);
  }
  for (const credential of report.credentials) {
    const failed = credential.checks.filter((c) => !c.ok);
    const label = credential.summary ?? credential.type ?? credential.id ?? 'credential';
    if (failed.length === 0) {
      lines.push(`  ${style.green('ok  ')} ${label}`);
      continue;
    }
    for (const check of failed) lines.push(`  ${style.red('FAIL')} ${label}: ${check.check}${check.detail ? ` — ${check.detail}` : ''}`);
  }
  for (const error of report.errors ?? []) lines.push(`  ${style.red('error')} ${typeof error === 'string' ? error : JSON.stringify(error)}`);
  return lines;
}
