import { z } from 'zod';
import { allValid, isAfter, isoDateSchema, subjectBaseShape, textSet, usSubdivisionSchema } from './common.ts';
import { defineCredentialType } from './definition.ts';

/** A state medical license, attested by the state medical board that issued it. */
export const LICENSE_TYPES = ['MD', 'DO'] as const;

/** The license's status on the board's record at issuance; later changes go through the status list. */
export const LICENSE_STATUSES = ['active', 'inactive', 'probation', 'suspended', 'expired', 'surrendered', 'revoked'] as const;

export const medicalLicenseSubjectSchema = z
  .strictObject({
    ...subjectBaseShape,
    jurisdiction: usSubdivisionSchema,
    licenseNumber: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9./-]{0,31}$/, 'a license number is 1–32 letters, digits, ".", "/" or "-"'),
    licenseType: z.enum(LICENSE_TYPES),
    licenseStatus: z.enum(LICENSE_STATUSES),
    issuedOn: isoDateSchema,
    expiresOn: isoDateSchema,
    /** Practice restrictions as the board words them; empty means unrestricted. */
    restrictions: textSet(500, 50),
    /** Whether the license was granted through the Interstate Medical Licensure Compact. */
    interstateCompact: z.boolean(),
  })
  .superRefine((subject, ctx) => {
    const datesValid = allValid([[isoDateSchema, subject.expiresOn], [isoDateSchema, subject.issuedOn]]);
    if (datesValid && !isAfter(subject.expiresOn, subject.issuedOn)) {
      ctx.addIssue({ code: 'custom', path: ['expiresOn'], message: 'must be after issuedOn' });
    }
  });

export type MedicalLicenseSubject = z.output<typeof medicalLicenseSubjectSchema>;

export const medicalLicenseCredential = defineCredentialType({
  type: 'MedicalLicenseCredential',
  label: 'Medical license',
  subjectSchema: medicalLicenseSubjectSchema,
  keyFacts: (s: MedicalLicenseSubject) =>
    [
      `${s.licenseType} ${s.jurisdiction} #${s.licenseNumber}`,
      s.licenseStatus,
      s.restrictions.length === 0 ? 'unrestricted' : `${s.restrictions.length} restriction(s)`,
      ...(s.interstateCompact ? ['IMLC'] : []),
      `expires ${s.expiresOn}`,
    ].join(' · '),
  factExpiry: (s: MedicalLicenseSubject) => s.expiresOn,
});
