import { CREDENTIALS_V2_URL, RADCRED_CONTEXT_URL } from '../core/credential/contexts.ts';

/** The demo radiologist and the unsigned credentials her board, ABR and CME provider issue. */
export const DEMO_RADIOLOGIST = { name: 'Dr. Ana Rivera', npi: '1234567893' } as const;

function isoDate(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

function unsigned(type: string, subject: Record<string, unknown>, validYears: number) {
  return {
    '@context': [CREDENTIALS_V2_URL, RADCRED_CONTEXT_URL],
    type: ['VerifiableCredential', type],
    validUntil: new Date(Date.now() + validYears * 365 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    credentialSubject: subject,
  };
}

export function demoCredentials(holderDid: string) {
  const person = { name: DEMO_RADIOLOGIST.name, npi: DEMO_RADIOLOGIST.npi };
  const licenseSubject = {
    ...person,
    jurisdiction: 'US-NY',
    licenseNumber: '298311',
    licenseType: 'MD',
    licenseStatus: 'active',
    issuedOn: isoDate(-5 * 365),
    expiresOn: isoDate(2 * 365),
    restrictions: [],
    interstateCompact: false,
  };
  const cmeActivities = [
    { title: 'RSNA Annual Meeting: Neuroradiology Update', id: 'RSNA-AM-NR-101', credits: 30, format: 'live', daysAgo: 300 },
    { title: 'Breast Imaging Update', id: 'RSNA-BI-014', credits: 25, format: 'enduring', daysAgo: 500, mqsa: 15 },
    { title: 'Radiology Journal CME: Chest CT', id: 'RSNA-J-CT-233', credits: 22.5, format: 'journal', daysAgo: 800 },
  ];
  return {
    /** Offered without a subject DID: the wallet binds its DID when it picks the license up. */
    license: { withoutSubjectId: unsigned('MedicalLicenseCredential', licenseSubject, 2) },
    board: unsigned(
      'BoardCertificationCredential',
      {
        id: holderDid,
        ...person,
        board: 'American Board of Radiology',
        boardCode: 'ABR',
        specialty: 'Diagnostic Radiology',
        subspecialties: ['Neuroradiology'],
        certificateType: 'time-limited',
        continuingCertificationStatus: 'meeting-requirements',
        certifiedOn: isoDate(-6 * 365),
        validThrough: isoDate(4 * 365),
      },
      4,
    ),
    cme: cmeActivities.map((activity) =>
      unsigned(
        'CMECreditCredential',
        {
          id: holderDid,
          ...person,
          provider: 'RSNA Education',
          accreditor: 'ACCME',
          activityTitle: activity.title,
          activityId: activity.id,
          activityFormat: activity.format,
          completionDate: isoDate(-activity.daysAgo),
          creditType: 'AMA PRA Category 1 Credit',
          credits: activity.credits,
          ...(activity.mqsa === undefined ? {} : { mqsaHours: activity.mqsa }),
        },
        10,
      ),
    ),
  };
}
