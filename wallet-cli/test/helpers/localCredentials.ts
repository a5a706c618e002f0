import * as vc from '@digitalbazaar/vc';
import { CREDENTIALS_V2_URL, RADCRED_CONTEXT_URL } from '../../../core/credential/contexts.ts';
import { documentLoader } from '../../../core/credential/documentLoader.ts';
import { didKeyFromSeed } from '../../../core/crypto/didKey.ts';
import { ed25519Signature2020SigningSuite } from '../../../core/crypto/suites.ts';
import { credentialHash } from '../../../core/log/entry.ts';
import type { CredentialRecord, IssuerProfile } from '../../store/schemas.ts';

/**
 * Credentials signed locally (real Ed25519Signature2020 proofs, no issuer service) for the tests
 * that need stored credentials but no network: list, show, present -o, export / import, remove.
 * Their receipts are placeholders, so `check` would refuse them.
 */
export const localIssuerKey = didKeyFromSeed(new Uint8Array(32).fill(21));

export const localIssuer: IssuerProfile = {
  did: localIssuerKey.did,
  name: 'New York State Board of Medicine',
  kind: 'state-medical-board',
  jurisdiction: 'US-NY',
  credentialTypes: ['MedicalLicenseCredential', 'BoardCertificationCredential', 'CMECreditCredential'],
};

const base = { name: 'Dr. Ana Rivera', npi: '1234567893' };

export function subjects(holder: string) {
  return {
    license: {
      type: 'MedicalLicenseCredential',
      subject: { id: holder, ...base, jurisdiction: 'US-NY', licenseNumber: '298311', licenseType: 'MD', licenseStatus: 'active', issuedOn: '2019-07-01', expiresOn: '2027-06-30', restrictions: [], interstateCompact: false },
    },
    board: {
      type: 'BoardCertificationCredential',
      subject: { id: holder, ...base, board: 'American Board of Radiology', boardCode: 'ABR', specialty: 'Diagnostic Radiology', subspecialties: ['Neuroradiology'], certificateType: 'time-limited', continuingCertificationStatus: 'meeting-requirements', certifiedOn: '2020-06-15', validThrough: '2030-12-31' },
    },
    cme: (n: number, credits: number, completionDate: string) => ({
      type: 'CMECreditCredential',
      subject: { id: holder, ...base, provider: 'RSNA', accreditor: 'ACCME', activityTitle: `Update ${n}`, activityId: `RSNA-${n}`, activityFormat: 'live', completionDate, creditType: 'AMA PRA Category 1 Credit', credits },
    }),
  };
}

let counter = 0;

export async function signLocally(type: string, subject: Record<string, unknown>, options: { validUntil?: string } = {}): Promise<Record<string, unknown>> {
  counter += 1;
  const credential = {
    '@context': [CREDENTIALS_V2_URL, RADCRED_CONTEXT_URL],
    id: `urn:uuid:00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    type: ['VerifiableCredential', type],
    issuer: localIssuerKey.did,
    validFrom: '2025-01-01T00:00:00Z',
    validUntil: options.validUntil ?? '2030-12-31T23:59:59Z',
    credentialSubject: subject,
  };
  return vc.issue({ credential, suite: ed25519Signature2020SigningSuite(localIssuerKey), documentLoader });
}

export function localRecord(credential: Record<string, unknown>, receivedAt = '2026-01-01T00:00:00.000Z'): CredentialRecord {
  return {
    v: 1,
    credentialHash: credentialHash(credential),
    credential: credential as CredentialRecord['credential'],
    receipt: { entry: {}, proof: 'placeholder (no log in this test)' },
    issuer: localIssuer,
    serviceUrl: 'http://127.0.0.1:9',
    receivedAt,
    source: 'file',
    lastCheck: { at: '2026-01-01T00:00:00.000Z', standing: 'valid', checks: [] },
  };
}
