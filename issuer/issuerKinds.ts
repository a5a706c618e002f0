import { z } from 'zod';

/**
 * What each kind of issuing organisation may attest. A CME provider cannot issue a license; a
 * state board issues licenses for its own jurisdiction only; a CVO (credentials verification
 * organisation) attests what it verified at the primary source and may be granted any type.
 */
export const issuerKinds = ['state-medical-board', 'specialty-board', 'cme-provider', 'cvo'] as const;
export const issuerKind = z.enum(issuerKinds);
export type IssuerKind = z.infer<typeof issuerKind>;

export const ANY_CREDENTIAL_TYPE = '*';

export const typesAllowedForKind: Readonly<Record<IssuerKind, readonly string[]>> = {
  'state-medical-board': ['MedicalLicenseCredential'],
  'specialty-board': ['BoardCertificationCredential'],
  'cme-provider': ['CMECreditCredential'],
  cvo: [ANY_CREDENTIAL_TYPE],
};

/** Whether a tenant's granted types cover `credentialType`. */
export function mayIssue(credentialTypes: readonly string[], credentialType: string): boolean {
  return credentialTypes.includes(ANY_CREDENTIAL_TYPE) || credentialTypes.includes(credentialType);
}
