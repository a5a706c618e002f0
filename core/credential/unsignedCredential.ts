import { z } from 'zod';
import { bundledContexts, CREDENTIALS_V2_URL, RADCRED_CONTEXT_URL } from './contexts.ts';
import { fieldsError } from './errors.ts';
import { fieldErrorsFromIssues } from './fieldErrors.ts';
import { credentialTypeNames, credentialTypes, isRadCredType, type RadCredSubject, type RadCredTypeName } from './registry.ts';
import { didKeySchema, text } from './types/common.ts';

/**
 * The unsigned credential the issuer accepts (VC Data Model 2.0). The issuer adds `id` if absent,
 * `issuer`, `credentialStatus` and the proof; a client may not send status or proof.
 */

const contextSchema = z
  .array(z.string(), 'must be an array of context URLs')
  .min(2, `must list "${CREDENTIALS_V2_URL}" first and include "${RADCRED_CONTEXT_URL}"`)
  .superRefine((contexts, ctx) => {
    if (contexts[0] !== CREDENTIALS_V2_URL) {
      ctx.addIssue({ code: 'custom', path: [0], message: `must be "${CREDENTIALS_V2_URL}" (VC Data Model 2.0)` });
    }
    if (!contexts.includes(RADCRED_CONTEXT_URL)) {
      ctx.addIssue({ code: 'custom', message: `must include "${RADCRED_CONTEXT_URL}"` });
    }
    if (new Set(contexts).size !== contexts.length) ctx.addIssue({ code: 'custom', message: 'must not repeat a context' });
    contexts.forEach((url, index) => {
      if (!bundledContexts.has(url)) ctx.addIssue({ code: 'custom', path: [index], message: `unknown context "${url}"` });
    });
  });

const typeSchema = z
  .array(z.string(), 'must be an array of types')
  .superRefine((types, ctx) => {
    if (!types.includes('VerifiableCredential')) ctx.addIssue({ code: 'custom', message: 'must include "VerifiableCredential"' });
    const radcred = types.filter(isRadCredType);
    if (radcred.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: `must include exactly one RadCred credential type (${credentialTypeNames().join(', ')}), found ${radcred.length}`,
      });
    }
    types.forEach((type, index) => {
      if (type !== 'VerifiableCredential' && !isRadCredType(type)) {
        ctx.addIssue({ code: 'custom', path: [index], message: `unknown credential type "${type}"` });
      }
    });
    if (new Set(types).size !== types.length) ctx.addIssue({ code: 'custom', message: 'must not repeat a type' });
  });

const dateTimeSchema = z.iso.datetime({ offset: true, message: 'must be an XML Schema dateTime with a time zone, e.g. 2025-01-01T00:00:00Z' });

const unsignedCredentialBaseSchema = z.strictObject({
  '@context': contextSchema,
  id: z
    .string()
    .regex(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a lowercase urn:uuid: URI')
    .optional(),
  type: typeSchema,
  issuer: z.union([didKeySchema, z.strictObject({ id: didKeySchema, name: text(200).optional() })]).optional(),
  name: text(200).optional(),
  description: text(2000).optional(),
  validFrom: dateTimeSchema.optional(),
  validUntil: dateTimeSchema.optional(),
  credentialSubject: z.record(z.string(), z.unknown(), 'must be a JSON object (one subject)'),
});

/** zod schema of the unsigned credential, including the subject check for its RadCred type. */
export const unsignedCredentialSchema = unsignedCredentialBaseSchema.superRefine((credential, ctx) => {
  if (credential.validFrom !== undefined && credential.validUntil !== undefined) {
    if (Date.parse(credential.validUntil) <= Date.parse(credential.validFrom)) {
      ctx.addIssue({ code: 'custom', path: ['validUntil'], message: 'must be after validFrom' });
    }
  }
  const radcredTypes = credential.type.filter(isRadCredType);
  if (radcredTypes.length !== 1) return; // already reported on `type`
  const schema = credentialTypes[radcredTypes[0] as RadCredTypeName].subjectSchema as z.ZodType;
  const result = schema.safeParse(credential.credentialSubject);
  if (!result.success) {
    for (const issue of result.error.issues) ctx.addIssue({ ...issue, path: ['credentialSubject', ...issue.path] } as never);
  }
});

export type UnsignedRadCredential = Omit<z.output<typeof unsignedCredentialBaseSchema>, 'credentialSubject'> & {
  credentialSubject: RadCredSubject;
};

export interface ParsedUnsignedCredential {
  readonly credential: UnsignedRadCredential;
  readonly credentialType: RadCredTypeName;
}

/** Parses an unsigned credential or throws `credential.shape.invalid` naming each failing field. */
export function parseUnsignedCredential(input: unknown): ParsedUnsignedCredential {
  const result = unsignedCredentialSchema.safeParse(input);
  if (!result.success) {
    throw fieldsError('credential.shape.invalid', 'invalid credential', fieldErrorsFromIssues(result.error.issues));
  }
  const credential = result.data as UnsignedRadCredential;
  const credentialType = credential.type.find(isRadCredType) as RadCredTypeName;
  return { credential, credentialType };
}
