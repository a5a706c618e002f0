import type { PolicyDefinitionInput } from './policyRules.ts';

/**
 * Ready-made rule packs staff can start a policy from (`GET /policy-packs`). Requirements as the
 * bodies publish them; a hospital adjusts the jurisdictions or adds an evidence-age rule.
 */
export interface RulePack {
  readonly id: string;
  readonly source: string;
  readonly policy: PolicyDefinitionInput;
}

export const rulePacks: readonly RulePack[] = [
  {
    id: 'abr-continuing-certification',
    source: 'American Board of Radiology, Continuing Certification (OLA): 75 AMA PRA Category 1 CME credits every 3 years',
    policy: {
      name: 'ABR continuing certification (diagnostic radiology)',
      description: 'Current ABR Diagnostic Radiology certification meeting continuing certification, and 75 AMA PRA Category 1 credits in the last 3 years.',
      rules: [
        { kind: 'board-certification-current', boardCode: 'ABR', specialty: 'Diagnostic Radiology', requireContinuingCertification: true },
        { kind: 'cme-credits', creditType: 'AMA PRA Category 1 Credit', minimumCredits: 75, windowMonths: 36 },
      ],
    },
  },
  {
    id: 'ca-license-renewal-cme',
    source: 'Medical Board of California license renewal: 50 hours of approved (AMA PRA Category 1) CME every two-year renewal cycle',
    policy: {
      name: 'California medical license renewal CME',
      description: 'Active California MD license and 50 AMA PRA Category 1 credits in the last 24 months.',
      rules: [
        { kind: 'license-active', jurisdictions: ['US-CA'], unrestricted: false, licenseTypes: ['MD'] },
        { kind: 'cme-credits', creditType: 'AMA PRA Category 1 Credit', minimumCredits: 50, windowMonths: 24 },
      ],
    },
  },
];
