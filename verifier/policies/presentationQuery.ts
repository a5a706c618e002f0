import { describeRule } from './describeRule.ts';
import { monthsBefore } from './evidenceDates.ts';
import type { PolicyRule } from './policyRules.ts';

/**
 * The Verifiable Presentation Request `QueryByExample` items a policy asks for (contracts.md): one
 * per credential-backed rule. In `example.credentialSubject` an array means "any of these" and
 * `{after: date}` means on or after.
 */
export interface CredentialQueryItem {
  readonly required: boolean;
  readonly reason: string;
  readonly multiple?: boolean;
  readonly example: { readonly type: string; readonly credentialSubject: Readonly<Record<string, unknown>> };
}

export function credentialQueryFor(rules: readonly PolicyRule[], now: Date): CredentialQueryItem[] {
  const items: CredentialQueryItem[] = [];
  for (const rule of rules) {
    switch (rule.kind) {
      case 'license-active':
        items.push({ required: true, reason: describeRule(rule), example: { type: 'MedicalLicenseCredential', credentialSubject: { jurisdiction: [...rule.jurisdictions] } } });
        break;
      case 'board-certification-current':
        items.push({
          required: true,
          reason: describeRule(rule),
          example: { type: 'BoardCertificationCredential', credentialSubject: { boardCode: rule.boardCode, specialty: rule.specialty } },
        });
        break;
      case 'cme-credits':
        items.push({
          required: true,
          reason: describeRule(rule),
          multiple: true,
          example: {
            type: 'CMECreditCredential',
            credentialSubject: {
              creditType: rule.creditType,
              completionDate: { after: monthsBefore(now, rule.windowMonths) },
              ...(rule.accreditors ? { accreditor: [...rule.accreditors] } : {}),
            },
          },
        });
        break;
      case 'evidence-max-age':
        break;
    }
  }
  return items;
}
