import { failed, passed, type CheckResult } from './checkResult.ts';
import { credentialTypeOf, issuerDidOf, subjectOf } from './credentialFacts.ts';

/**
 * `credential.issuer_trusted`: the issuer is in the verifier's trust registry, is trusted for this
 * credential type, is the kind of organisation that attests such facts, and — for a jurisdiction-bound
 * fact such as a medical license — is trusted for the credential's jurisdiction.
 */
export type IssuerKind = 'state-medical-board' | 'specialty-board' | 'cme-provider' | 'cvo';

export interface TrustedIssuerView {
  readonly did: string;
  readonly name: string;
  readonly kind: IssuerKind;
  /** Types this issuer is trusted for; `*` = any (a credentials verification organisation). */
  readonly credentialTypes: readonly string[];
  /** Jurisdictions it is trusted for; empty = not jurisdiction-bound. */
  readonly jurisdictions: readonly string[];
}

/**
 * Which kinds of organisation may attest each RadCred type. A registry entry that lists a type for
 * the wrong kind (a CME provider "trusted" for licenses) is a configuration mistake this catches.
 * A CVO attests what it verified at the primary source, so it may attest any type.
 */
export const ISSUER_KINDS_FOR_TYPE: Readonly<Record<string, readonly IssuerKind[]>> = {
  MedicalLicenseCredential: ['state-medical-board', 'cvo'],
  BoardCertificationCredential: ['specialty-board', 'cvo'],
  CMECreditCredential: ['cme-provider', 'cvo'],
};

/** Subject fields that bind a credential to a jurisdiction. */
function jurisdictionOf(credential: Record<string, unknown>): string | undefined {
  const value = subjectOf(credential)?.jurisdiction;
  return typeof value === 'string' ? value : undefined;
}

export function checkIssuerTrusted(credential: Record<string, unknown>, trusted: TrustedIssuerView | undefined): CheckResult {
  const did = issuerDidOf(credential);
  if (did === undefined) return failed('credential.issuer_trusted', 'issuer.missing', 'the credential names no issuer');
  if (!trusted || trusted.did !== did) {
    return failed('credential.issuer_trusted', 'issuer.untrusted', `the issuer ${did} is not in this verifier's trust registry`);
  }
  const type = credentialTypeOf(credential);
  if (!trusted.credentialTypes.includes(type) && !trusted.credentialTypes.includes('*')) {
    return failed(
      'credential.issuer_trusted',
      'issuer.type_not_trusted',
      `${trusted.name} is trusted for ${trusted.credentialTypes.join(', ') || 'no credential types'}, not ${type}`,
    );
  }
  const kinds = ISSUER_KINDS_FOR_TYPE[type];
  if (kinds && !kinds.includes(trusted.kind)) {
    return failed('credential.issuer_trusted', 'issuer.wrong_kind', `${trusted.name} is a ${trusted.kind}; a ${type} must come from a ${kinds.join(' or ')}`);
  }
  const jurisdiction = jurisdictionOf(credential);
  if (jurisdiction !== undefined) {
    const anyJurisdiction = trusted.kind === 'cvo' && trusted.jurisdictions.length === 0;
    if (!anyJurisdiction && !trusted.jurisdictions.includes(jurisdiction)) {
      return failed(
        'credential.issuer_trusted',
        'issuer.wrong_jurisdiction',
        `${trusted.name} is trusted for ${trusted.jurisdictions.join(', ') || 'no jurisdiction'}, but this credential is for ${jurisdiction}`,
      );
    }
  }
  return passed(
    'credential.issuer_trusted',
    `${trusted.name} (${trusted.kind}) is trusted for ${type}${jurisdiction ? ` in ${jurisdiction}` : ''}`,
  );
}
