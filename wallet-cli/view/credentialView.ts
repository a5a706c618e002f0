import { credentialTypeDefinition, validateCredentialSubject } from '../../core/credential/registry.ts';
import { credentialTypeOf, validUntilOf } from '../credentialShape.ts';
import { WalletError } from '../errors.ts';
import type { CredentialRecord, CredentialStanding } from '../store/schemas.ts';

/** How a stored credential is named and summarised for people and for `--json`. */

/** The short reference shown in `list` and accepted by show/check/remove/present: 8 hex digits of its log hash. */
export function refOf(record: CredentialRecord): string {
  return record.credentialHash.slice('sha256:'.length, 'sha256:'.length + 8);
}

export interface CredentialSummary {
  readonly ref: string;
  readonly id: string;
  readonly type: string;
  readonly typeLabel: string;
  readonly issuer: { readonly did: string; readonly name: string };
  readonly keyFacts: string;
  readonly validUntil: string | null;
  /** The last check's standing, with expiry re-evaluated now; null if never checked. */
  readonly status: CredentialStanding | null;
  readonly checkedAt: string | null;
}

export function keyFactsOf(record: CredentialRecord): string {
  const type = credentialTypeOf(record.credential);
  const validated = validateCredentialSubject(type, record.credential.credentialSubject);
  const definition = credentialTypeDefinition(type);
  if (validated.success && definition) return definition.keyFacts(validated.subject);
  const subject = record.credential.credentialSubject;
  return typeof subject.name === 'string' ? String(subject.name) : '';
}

export function typeLabelOf(type: string): string {
  return credentialTypeDefinition(type)?.label ?? type;
}

/** A validUntil in the past makes a credential expired whatever the last check said (unless worse). */
export function currentStanding(record: CredentialRecord, now: Date): CredentialStanding | null {
  const last = record.lastCheck?.standing ?? null;
  const until = validUntilOf(record.credential);
  const expiredNow = until !== undefined && Date.parse(until) < now.getTime();
  if (expiredNow && (last === null || last === 'valid' || last === 'unknown' || last === 'not-yet-valid')) return 'expired';
  return last;
}

export function summarize(record: CredentialRecord, now: Date): CredentialSummary {
  const type = credentialTypeOf(record.credential);
  return {
    ref: refOf(record),
    id: record.credential.id,
    type,
    typeLabel: typeLabelOf(type),
    issuer: record.issuer,
    keyFacts: keyFactsOf(record),
    validUntil: validUntilOf(record.credential) ?? null,
    status: currentStanding(record, now),
    checkedAt: record.lastCheck?.at ?? null,
  };
}

/**
 * Finds one credential by its ref (or a unique prefix of at least 4 hex digits), its full hash, or
 * its id (`urn:uuid:…`, or the bare UUID).
 */
export function findCredential(records: readonly CredentialRecord[], reference: string): CredentialRecord {
  const wanted = reference.trim().toLowerCase();
  const byId = records.filter((r) => r.credential.id.toLowerCase() === wanted || r.credential.id.toLowerCase() === `urn:uuid:${wanted}`);
  if (byId.length === 1) return byId[0] as CredentialRecord;
  const hex = wanted.replace(/^sha256:/, '');
  if (/^[0-9a-f]{4,64}$/.test(hex)) {
    const byHash = records.filter((r) => r.credentialHash.slice('sha256:'.length).startsWith(hex));
    if (byHash.length === 1) return byHash[0] as CredentialRecord;
    if (byHash.length > 1) {
      throw new WalletError(
        'wallet.credential.ambiguous',
        `"${reference}" matches ${byHash.length} credentials (${byHash.map((r) => r.credentialHash.slice(7, 19)).join(', ')}): give more characters`,
      );
    }
  }
  throw new WalletError('wallet.credential.not_found', `no credential "${reference}" in this wallet (see radwallet list)`);
}
