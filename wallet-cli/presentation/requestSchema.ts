import { z } from 'zod';

/**
 * The presentation request a verifier serves at its request URL, and the report it answers a
 * presentation with (contracts.md). Validated at the edge; unknown fields are tolerated so a newer
 * verifier does not break an older wallet.
 */
export const credentialQueryItemSchema = z.looseObject({
  required: z.boolean().optional(),
  reason: z.string().optional(),
  multiple: z.boolean().optional(),
  example: z.looseObject({
    type: z.union([z.string(), z.array(z.string())]),
    credentialSubject: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type CredentialQueryItem = z.output<typeof credentialQueryItemSchema>;

export const presentationRequestSchema = z.looseObject({
  type: z.literal('VerifiablePresentationRequest'),
  id: z.string(),
  verifier: z.looseObject({ name: z.string(), url: z.string().optional() }),
  policy: z.looseObject({ id: z.string().optional(), name: z.string(), description: z.string().optional() }).optional(),
  applicant: z.looseObject({ name: z.string().optional() }).optional(),
  query: z
    .array(
      z.looseObject({
        type: z.string(),
        credentialQuery: z.union([credentialQueryItemSchema, z.array(credentialQueryItemSchema)]).optional(),
      }),
    )
    .min(1),
  challenge: z.string().min(1),
  domain: z.string().min(1),
  expiresAt: z.string().optional(),
  presentationUrl: z.string(),
});
export type PresentationRequest = z.output<typeof presentationRequestSchema>;

const checkSchema = z.looseObject({ check: z.string(), ok: z.boolean(), code: z.string().optional(), detail: z.string().optional() });

export const verificationReportSchema = z.looseObject({
  reportId: z.string().optional(),
  requestId: z.string().optional(),
  verified: z.boolean().optional(),
  decision: z.enum(['accepted', 'rejected']),
  checkedAt: z.string().optional(),
  presentation: z.looseObject({ holder: z.string().optional(), checks: z.array(checkSchema).default([]) }).optional(),
  credentials: z
    .array(
      z.looseObject({
        id: z.string().optional(),
        type: z.string().optional(),
        issuer: z.looseObject({ did: z.string().optional(), name: z.string().optional() }).optional(),
        summary: z.string().optional(),
        verified: z.boolean().optional(),
        checks: z.array(checkSchema).default([]),
      }),
    )
    .default([]),
  policy: z
    .looseObject({
      id: z.string().optional(),
      name: z.string().optional(),
      satisfied: z.boolean().optional(),
      requirements: z
        .array(
          z.looseObject({
            description: z.string().optional(),
            met: z.boolean(),
            evidence: z.array(z.string()).optional(),
            detail: z.string().optional(),
          }),
        )
        .default([]),
    })
    .optional(),
  errors: z.array(z.unknown()).optional(),
});
export type VerificationReport = z.output<typeof verificationReportSchema>;

/** The credential queries of a request, flattened (QueryByExample only; other query types are reported). */
export function credentialQueriesOf(request: PresentationRequest): CredentialQueryItem[] {
  const items: CredentialQueryItem[] = [];
  for (const query of request.query) {
    if (query.type !== 'QueryByExample' || query.credentialQuery === undefined) continue;
    items.push(...(Array.isArray(query.credentialQuery) ? query.credentialQuery : [query.credentialQuery]));
  }
  return items;
}
