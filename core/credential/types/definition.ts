import type { z } from 'zod';

/**
 * What a RadCred credential type is made of. Adding a type = one file in types/ exporting a
 * `defineCredentialType(...)` result (subject schema + label + key facts), one line in registry.ts,
 * and its type and field terms in contexts/radcred-v1.json (the context test fails until they are).
 * Published terms are never changed or removed — only added — so signed credentials keep their meaning.
 */
export interface CredentialTypeDefinition<Name extends string = string, Schema extends z.ZodType = z.ZodType> {
  /** The JSON-LD type term, e.g. `MedicalLicenseCredential`. */
  readonly type: Name;
  /** Human label for lists, e.g. `Medical license`. */
  readonly label: string;
  /** Schema of `credentialSubject` (strict: unknown fields are rejected, as they would be undefined terms). */
  readonly subjectSchema: Schema;
  /** One line with the facts a person scans for (wallet `list`, verifier reports). */
  keyFacts(subject: z.output<Schema>): string;
  /** The date (YYYY-MM-DD) the attested fact itself lapses, if it has one (license expiry, certificate end). */
  factExpiry(subject: z.output<Schema>): string | undefined;
}

export function defineCredentialType<Name extends string, Schema extends z.ZodType>(
  definition: CredentialTypeDefinition<Name, Schema>,
): CredentialTypeDefinition<Name, Schema> {
  return Object.freeze(definition);
}
