import { z } from 'zod';

/**
 * A credentialing policy is a list of requirements, each a small declarative rule the engine
 * evaluates against the verified credentials of a presentation. Declarative (not code) so that a
 * hospital's medical staff office can read, version and audit exactly what it asked for.
 */
const jurisdiction = z.string().regex(/^US-[A-Z]{2}$/, 'an ISO 3166-2 US subdivision such as US-NY');

export const licenseActiveRule = z.object({
  kind: z.literal('license-active'),
  /** Any one of these jurisdictions satisfies the rule. */
  jurisdictions: z.array(jurisdiction).min(1),
  /** When true, a license with any restriction does not count. */
  unrestricted: z.boolean().default(true),
  licenseTypes: z.array(z.enum(['MD', 'DO'])).min(1).default(['MD', 'DO']),
});

export const boardCertificationRule = z.object({
  kind: z.literal('board-certification-current'),
  boardCode: z.string().min(1),
  specialty: z.string().min(1),
  /** Time-limited certificates must also be meeting continuing-certification requirements. */
  requireContinuingCertification: z.boolean().default(true),
});

export const cmeCreditsRule = z.object({
  kind: z.literal('cme-credits'),
  creditType: z.string().min(1),
  minimumCredits: z.number().positive(),
  /** Rolling window ending on the day of verification. */
  windowMonths: z.number().int().positive().max(120),
  /** Optional: only activities from these accreditors count. */
  accreditors: z.array(z.string().min(1)).optional(),
  /** Optional: at least this many mammography (MQSA) hours inside the window. */
  minimumMqsaHours: z.number().nonnegative().optional(),
});

export const evidenceMaxAgeRule = z.object({
  kind: z.literal('evidence-max-age'),
  /** Credentials issued longer ago than this are not accepted as evidence (primary-source freshness). */
  maxAgeDays: z.number().int().positive(),
});

export const policyRule = z.discriminatedUnion('kind', [licenseActiveRule, boardCertificationRule, cmeCreditsRule, evidenceMaxAgeRule]);
export type PolicyRule = z.output<typeof policyRule>;

export const policyDefinition = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).default(''),
  rules: z.array(policyRule).min(1).max(50),
});
export type PolicyDefinition = z.output<typeof policyDefinition>;
export type PolicyDefinitionInput = z.input<typeof policyDefinition>;

/** The demo hospital's privileges policy (DESIGN §8 example). */
export const diagnosticRadiologyPrivileges: PolicyDefinitionInput = {
  name: 'Diagnostic radiology privileges',
  description:
    'Active unrestricted license in New York or New Jersey; current ABR Diagnostic Radiology certification; ' +
    '75 AMA PRA Category 1 credits in the last 36 months.',
  rules: [
    { kind: 'license-active', jurisdictions: ['US-NY', 'US-NJ'], unrestricted: true },
    { kind: 'board-certification-current', boardCode: 'ABR', specialty: 'Diagnostic Radiology' },
    { kind: 'cme-credits', creditType: 'AMA PRA Category 1 Credit', minimumCredits: 75, windowMonths: 36 },
  ],
};
