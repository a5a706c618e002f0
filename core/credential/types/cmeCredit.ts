import { z } from 'zod';
import { allValid, isoDateSchema, subjectBaseShape, text } from './common.ts';
import { defineCredentialType } from './definition.ts';

/** Continuing medical education credit for one completed activity, attested by its accredited provider. */
export const ACCREDITORS = ['ACCME', 'AOA', 'AAFP', 'Joint Accreditation', 'state-accreditor'] as const;

/** ACCME activity types. */
export const ACTIVITY_FORMATS = [
  'live',
  'internet-live',
  'enduring',
  'internet-enduring',
  'journal',
  'regularly-scheduled-series',
  'performance-improvement',
  'manuscript-review',
  'test-item-writing',
  'committee-learning',
  'internet-searching-and-learning',
  'learning-from-teaching',
  'other',
] as const;

export const CREDIT_TYPES = [
  'AMA PRA Category 1 Credit',
  'AMA PRA Category 2 Credit',
  'AOA Category 1-A Credit',
  'AOA Category 1-B Credit',
  'AAFP Prescribed Credit',
] as const;

/** Credits are claimed in quarter-hour steps; 0.25 multiples are exact in binary floating point. */
const isQuarterStep = (value: number) => Number.isInteger(value * 4);
const hasAtMostTwoDecimals = (value: number) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-9;

const creditsSchema = z
  .number()
  .positive('must be greater than 0')
  .max(1000, 'must be at most 1000')
  .refine(isQuarterStep, 'must be a multiple of 0.25');

const mqsaHoursSchema = z
  .number()
  .nonnegative('must be 0 or more')
  .max(1000, 'must be at most 1000')
  .refine(hasAtMostTwoDecimals, 'must have at most 2 decimals');

/**
 * `credits` and `mqsaHours` are JSON numbers typed xsd:decimal by the context. JSON-LD's RDF
 * conversion writes a non-integer number in double form (12.5 → "1.25E1"^^xsd:decimal); that is what
 * every conforming processor signs, so signatures interoperate, but RDF tools may flag the literal.
 */
export const cmeCreditSubjectSchema = z
  .strictObject({
    ...subjectBaseShape,
    provider: text(200),
    accreditor: z.enum(ACCREDITORS),
    activityTitle: text(300),
    activityId: text(128),
    activityFormat: z.enum(ACTIVITY_FORMATS),
    completionDate: isoDateSchema,
    creditType: z.enum(CREDIT_TYPES),
    credits: creditsSchema,
    /** Hours that count toward the MQSA mammography CME requirement, where the activity qualifies. */
    mqsaHours: mqsaHoursSchema.optional(),
  })
  .superRefine((subject, ctx) => {
    const valid = allValid([[creditsSchema, subject.credits], [mqsaHoursSchema, subject.mqsaHours]]);
    if (subject.mqsaHours !== undefined && valid && subject.mqsaHours > subject.credits) {
      ctx.addIssue({ code: 'custom', path: ['mqsaHours'], message: 'must not exceed credits' });
    }
  });

export type CmeCreditSubject = z.output<typeof cmeCreditSubjectSchema>;

export const cmeCreditCredential = defineCredentialType({
  type: 'CMECreditCredential',
  label: 'CME credit',
  subjectSchema: cmeCreditSubjectSchema,
  keyFacts: (s: CmeCreditSubject) =>
    [
      `${s.credits} ${s.creditType}`,
      ...(s.mqsaHours === undefined ? [] : [`${s.mqsaHours} MQSA h`]),
      s.activityTitle,
      `completed ${s.completionDate}`,
    ].join(' · '),
  factExpiry: () => undefined,
});
