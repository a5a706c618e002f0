import { z } from 'zod';
import { problems } from '../../core/http/problem.ts';
import type { VerifierDeps } from '../deps.ts';
import { listTrustedIssuers, upsertTrustedIssuer, type TrustedIssuer } from '../stores/trustedIssuerStore.ts';

const didKey = z.string().regex(/^did:key:z[1-9A-HJ-NP-Za-km-z]{40,60}$/, 'a did:key DID');
const kind = z.enum(['state-medical-board', 'specialty-board', 'cme-provider', 'cvo']);
const httpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'an http(s) URL')
  .transform((u) => u.replace(/\/+$/, ''));

export const trustedIssuerRequest = z
  .object({
    did: didKey,
    name: z.string().trim().min(1).max(200),
    kind,
    credentialTypes: z.array(z.string().min(1)).min(1),
    jurisdictions: z.array(z.string().regex(/^US-[A-Z]{2}$/, 'an ISO 3166-2 US subdivision such as US-NY')).default([]),
    statusBaseUrl: httpUrl.optional(),
  })
  .strict();
export type TrustedIssuerRequest = z.output<typeof trustedIssuerRequest>;

export async function addTrustedIssuer(deps: VerifierDeps, request: TrustedIssuerRequest, actor: string): Promise<TrustedIssuer> {
  const entry = { ...request, statusBaseUrl: request.statusBaseUrl ?? null, addedBy: actor };
  await upsertTrustedIssuer(deps.db, entry);
  deps.trustReads.invalidate();
  deps.logger.info({ did: request.did, actor }, 'trusted issuer added');
  return { ...entry, addedAt: new Date() };
}

export const importRequest = z
  .object({
    issuerServiceUrl: httpUrl,
    /** The staff member names exactly which directory entries to trust: nothing is trusted implicitly. */
    dids: z.array(didKey).min(1).max(100),
  })
  .strict();
export type ImportRequest = z.output<typeof importRequest>;

const directoryResponse = z.object({
  issuers: z.array(
    z.object({
      did: didKey,
      name: z.string().min(1),
      kind,
      jurisdiction: z.string().nullable(),
      credentialTypes: z.array(z.string()),
    }),
  ),
});

/** Reads an issuer service's public directory and trusts the entries staff selected, scoped as published. */
export async function importTrustedIssuers(deps: VerifierDeps, request: ImportRequest, actor: string): Promise<TrustedIssuer[]> {
  let body: unknown;
  try {
    const response = await fetch(`${request.issuerServiceUrl}/issuers`, { signal: AbortSignal.timeout(10_000), redirect: 'error' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    body = await response.json();
  } catch (error) {
    throw problems.badRequest(`could not read ${request.issuerServiceUrl}/issuers: ${error instanceof Error ? error.message : 'failed'}`);
  }
  const parsed = directoryResponse.safeParse(body);
  if (!parsed.success) throw problems.badRequest(`${request.issuerServiceUrl}/issuers is not an issuer directory`);
  const missing = request.dids.filter((did) => !parsed.data.issuers.some((i) => i.did === did));
  if (missing.length > 0) throw problems.badRequest(`not in that directory: ${missing.join(', ')}`);
  const selected = parsed.data.issuers.filter((i) => request.dids.includes(i.did));
  const added: TrustedIssuer[] = [];
  await deps.db.transaction().execute(async (trx) => {
    for (const issuer of selected) {
      const entry = {
        did: issuer.did,
        name: issuer.name,
        kind: issuer.kind,
        credentialTypes: issuer.credentialTypes,
        jurisdictions: issuer.jurisdiction ? [issuer.jurisdiction] : [],
        statusBaseUrl: request.issuerServiceUrl,
        addedBy: actor,
      };
      await upsertTrustedIssuer(trx, entry);
      added.push({ ...entry, addedAt: new Date() });
    }
  });
  deps.trustReads.invalidate();
  deps.logger.info({ count: added.length, from: request.issuerServiceUrl, actor }, 'trusted issuers imported');
  return added;
}

export async function trustRegistry(deps: VerifierDeps): Promise<TrustedIssuer[]> {
  return listTrustedIssuers(deps.db);
}
