import { z } from 'zod';
import { isRadCredType, type RadCredTypeName } from '../core/credential/registry.ts';

/**
 * The shape radwallet needs of a verifiable credential before it looks any closer: enough to name,
 * file and check it. Unknown fields are kept (they are signed); the signature check decides whether
 * the content is genuine. The original object, not a parsed copy, is what the wallet stores.
 */
const statusEntrySchema = z.looseObject({
  type: z.string(),
  statusPurpose: z.string(),
  statusListIndex: z.union([z.string(), z.number()]),
  statusListCredential: z.string(),
});

export const verifiableCredentialSchema = z.looseObject({
  '@context': z.array(z.unknown()).min(1),
  id: z.string().min(1, 'a credential without an id cannot be tracked'),
  type: z.array(z.string()).refine((types) => types.includes('VerifiableCredential'), 'must include "VerifiableCredential"'),
  issuer: z.union([z.string(), z.looseObject({ id: z.string(), name: z.string().optional() })]),
  validFrom: z.string().optional(),
  validUntil: z.string().optional(),
  issuanceDate: z.string().optional(),
  expirationDate: z.string().optional(),
  credentialSubject: z.looseObject({ id: z.string() }),
  credentialStatus: z.union([statusEntrySchema, z.array(statusEntrySchema)]).optional(),
  proof: z.union([z.looseObject({ type: z.string() }), z.array(z.looseObject({ type: z.string() })).min(1)]),
});

export type VerifiableCredentialShape = z.output<typeof verifiableCredentialSchema>;
export type JsonObject = Record<string, unknown>;

/** The issuer DID of a credential (`issuer` may be a string or an object with `id`). */
export function issuerDidOf(credential: VerifiableCredentialShape): string {
  return typeof credential.issuer === 'string' ? credential.issuer : credential.issuer.id;
}

/** The name the credential itself gives its issuer, if any. */
export function issuerNameIn(credential: VerifiableCredentialShape): string | undefined {
  return typeof credential.issuer === 'string' ? undefined : credential.issuer.name;
}

/** The RadCred type of a credential (`MedicalLicenseCredential`, …), or the last non-generic type. */
export function credentialTypeOf(credential: VerifiableCredentialShape): string {
  return credential.type.find(isRadCredType) ?? credential.type.filter((t) => t !== 'VerifiableCredential').at(-1) ?? 'VerifiableCredential';
}

export function radcredTypeOf(credential: VerifiableCredentialShape): RadCredTypeName | undefined {
  return credential.type.find(isRadCredType);
}

/** validUntil (VC 2.0) or expirationDate (VC 1.1). */
export function validUntilOf(credential: VerifiableCredentialShape): string | undefined {
  return credential.validUntil ?? credential.expirationDate;
}

export function validFromOf(credential: VerifiableCredentialShape): string | undefined {
  return credential.validFrom ?? credential.issuanceDate;
}

export function statusEntriesOf(credential: VerifiableCredentialShape): z.output<typeof statusEntrySchema>[] {
  const status = credential.credentialStatus;
  if (status === undefined) return [];
  return Array.isArray(status) ? status : [status];
}

/** Parses a credential's shape; the message names each failing field. */
export function parseCredentialShape(input: unknown, what = 'the credential'): { ok: true; credential: VerifiableCredentialShape } | { ok: false; reason: string } {
  const parsed = verifiableCredentialSchema.safeParse(input);
  if (parsed.success) return { ok: true, credential: parsed.data };
  const fields = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
  return { ok: false, reason: `${what} is not a verifiable credential (${fields})` };
}
