import { z } from 'zod';
import { allValid, isAfter, isoDateSchema, subjectBaseShape, text, textSet } from './common.ts';
import { defineCredentialType } from './definition.ts';

/** A specialty board certification (ABR and the other boards that certify radiologists). */
export const BOARDS = {
  ABR: 'American Board of Radiology',
  AOBR: 'American Osteopathic Board of Radiology',
  ABNM: 'American Board of Nuclear Medicine',
} as const;
export type BoardCode = keyof typeof BOARDS;

export const SPECIALTIES = [
  'Diagnostic Radiology',
  'Interventional Radiology and Diagnostic Radiology',
  'Radiation Oncology',
  'Medical Physics',
  'Nuclear Medicine',
] as const;

export const CERTIFICATE_TYPES = ['time-limited', 'lifetime'] as const;

/** Continuing certification (ABR OLA / MOC) standing as the board reports it. */
export const CONTINUING_CERTIFICATION_STATUSES = [
  'meeting-requirements',
  'not-meeting-requirements',
  'not-required',
  'lapsed',
] as const;

export const boardCertificationSubjectSchema = z
  .strictObject({
    ...subjectBaseShape,
    board: text(200),
    boardCode: z.enum(Object.keys(BOARDS) as [BoardCode, ...BoardCode[]]),
    specialty: z.enum(SPECIALTIES),
    /** Subspecialty certificates (e.g. Neuroradiology, Pediatric Radiology); may be empty. */
    subspecialties: textSet(200, 20),
    certificateType: z.enum(CERTIFICATE_TYPES),
    continuingCertificationStatus: z.enum(CONTINUING_CERTIFICATION_STATUSES),
    certifiedOn: isoDateSchema,
    /** Required for time-limited certificates; lifetime certificates may omit it. */
    validThrough: isoDateSchema.optional(),
  })
  .superRefine((subject, ctx) => {
    if (Object.hasOwn(BOARDS, subject.boardCode) && subject.board !== BOARDS[subject.boardCode]) {
      ctx.addIssue({ code: 'custom', path: ['board'], message: `must be "${BOARDS[subject.boardCode]}" for boardCode ${subject.boardCode}` });
    }
    if (subject.certificateType === 'time-limited' && subject.validThrough === undefined) {
      ctx.addIssue({ code: 'custom', path: ['validThrough'], message: 'is required for a time-limited certificate' });
    }
    const datesValid = allValid([[isoDateSchema, subject.validThrough], [isoDateSchema, subject.certifiedOn]]);
    if (subject.validThrough !== undefined && datesValid && !isAfter(subject.validThrough, subject.certifiedOn)) {
      ctx.addIssue({ code: 'custom', path: ['validThrough'], message: 'must be after certifiedOn' });
    }
  });

export type BoardCertificationSubject = z.output<typeof boardCertificationSubjectSchema>;

export const boardCertificationCredential = defineCredentialType({
  type: 'BoardCertificationCredential',
  label: 'Board certification',
  subjectSchema: boardCertificationSubjectSchema,
  keyFacts: (s: BoardCertificationSubject) =>
    [
      `${s.boardCode} ${s.specialty}`,
      ...(s.subspecialties.length > 0 ? [s.subspecialties.join(', ')] : []),
      s.certificateType,
      s.continuingCertificationStatus,
      s.validThrough === undefined ? `certified ${s.certifiedOn}` : `through ${s.validThrough}`,
    ].join(' · '),
  factExpiry: (s: BoardCertificationSubject) => s.validThrough,
});
