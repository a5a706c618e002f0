import type { PolicyRule } from './policyRules.ts';

/** One readable sentence per rule: the requirement's description in reports and the wallet's "reason". */
export function describeRule(rule: PolicyRule): string {
  switch (rule.kind) {
    case 'license-active': {
      const types = rule.licenseTypes.length === 2 ? 'MD or DO' : rule.licenseTypes.join(' or ');
      return `Active${rule.unrestricted ? ' unrestricted' : ''} ${types} license in ${orList(rule.jurisdictions)}`;
    }
    case 'board-certification-current':
      return `Current ${rule.boardCode} ${rule.specialty} certification${rule.requireContinuingCertification ? ', meeting continuing certification requirements' : ''}`;
    case 'cme-credits': {
      const parts = [`${rule.minimumCredits} ${rule.creditType} in the last ${rule.windowMonths} months`];
      if (rule.accreditors) parts.push(`from ${orList(rule.accreditors)}-accredited providers`);
      if (rule.minimumMqsaHours !== undefined) parts.push(`including ${rule.minimumMqsaHours} MQSA mammography hours`);
      return `${parts.join(', ')} (each activity counted once)`;
    }
    case 'evidence-max-age':
      return `Every credential used as evidence was issued within the last ${rule.maxAgeDays} days`;
  }
}

function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
