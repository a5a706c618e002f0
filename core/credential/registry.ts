import type { z } from 'zod';
import { CredentialError, fieldsError } from './errors.ts';
import { fieldErrorsFromIssues } from './fieldErrors.ts';
import { boardCertificationCredential } from './types/boardCertification.ts';
import { cmeCreditCredential } from './types/cmeCredit.ts';
import type { CredentialTypeDefinition } from './types/definition.ts';
import { medicalLicenseCredential } from './types/medicalLicense.ts';

/**
 * The RadCred credential types. To add one (TrainingCredential, DEARegistrationCredential, …):
 * write types/<name>.ts with `defineCredentialType`, add it below, and add its terms to
 * contexts/radcred-v1.json — the context coverage test names any field the context lacks.
 */
export const credentialTypes = {
  MedicalLicenseCredential: medicalLicenseCredential,
  BoardCertificationCredential: boardCertificationCredential,
  CMECreditCredential: cmeCreditCredential,
} as const;

export type RadCredTypeName = keyof typeof credentialTypes;
export type SubjectOf<T extends RadCredTypeName> = z.output<(typeof credentialTypes)[T]['subjectSchema']>;
/** Any RadCred credential subject. */
export type RadCredSubject = { [T in RadCredTypeName]: SubjectOf<T> }[RadCredTypeName];

/** The RadCred type names, typed (for iterating over the registry). */
export const radcredTypeNames: readonly RadCredTypeName[] = Object.freeze(Object.keys(credentialTypes) as RadCredTypeName[]);

/** The RadCred type names as plain strings (for checking untrusted input: `.includes(value)`). */
export function credentialTypeNames(): string[] {
  return [...radcredTypeNames];
}

export function isRadCredType(name: unknown): name is RadCredTypeName {
  return typeof name === 'string' && Object.hasOwn(credentialTypes, name);
}

/** The definition of a type (schema, label, key facts), or undefined for a type RadCred does not define. */
export function credentialTypeDefinition<T extends RadCredTypeName>(type: T): (typeof credentialTypes)[T];
export function credentialTypeDefinition(type: string): CredentialTypeDefinition | undefined;
export function credentialTypeDefinition(type: string): CredentialTypeDefinition | undefined {
  return isRadCredType(type) ? (credentialTypes[type] as unknown as CredentialTypeDefinition) : undefined;
}

export type SubjectValidation<T extends RadCredTypeName> =
  | { readonly success: true; readonly type: T; readonly subject: SubjectOf<T> }
  | { readonly success: false; readonly error: CredentialError };

/**
 * Validates a credential subject against its type's schema. On failure the error's message and
 * `fields` name every failing field from the credential root (`credentialSubject.npi: …`).
 */
export function validateCredentialSubject<T extends RadCredTypeName>(type: T, subject: unknown): SubjectValidation<T>;
export function validateCredentialSubject(type: string, subject: unknown): SubjectValidation<RadCredTypeName>;
export function validateCredentialSubject(type: string, subject: unknown): SubjectValidation<RadCredTypeName> {
  if (!isRadCredType(type)) {
    return {
      success: false,
      error: new CredentialError(
        'credential.type.unknown',
        `unknown credential type "${type}" (known: ${credentialTypeNames().join(', ')})`,
        [{ path: 'type', message: `unknown credential type "${type}"` }],
      ),
    };
  }
  const schema = credentialTypes[type].subjectSchema as z.ZodType;
  const result = schema.safeParse(subject);
  if (result.success) return { success: true, type, subject: result.data as RadCredSubject };
  const fields = fieldErrorsFromIssues(result.error.issues, ['credentialSubject']);
  return { success: false, error: fieldsError('credential.subject.invalid', `invalid ${type} subject`, fields) };
}

/** The one-line key facts of a validated subject. */
export function keyFactsOf<T extends RadCredTypeName>(type: T, subject: SubjectOf<T>): string {
  return (credentialTypes[type] as unknown as CredentialTypeDefinition).keyFacts(subject);
}
