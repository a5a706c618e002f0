import { z } from 'zod';
import { WalletError } from '../errors.ts';
import type { Runtime } from '../runtime.ts';
import type { IssuerProfile } from '../store/schemas.ts';

/**
 * The issuer service's public directory (`GET /issuers`): the wallet takes an issuer's name, kind,
 * jurisdiction and credential types from it, so core/verify's issuer check can tell a state board
 * issuing a license for its own state from, say, a CME provider issuing one.
 */
const directorySchema = z.looseObject({
  issuers: z.array(
    z.looseObject({
      did: z.string(),
      name: z.string(),
      kind: z.enum(['state-medical-board', 'specialty-board', 'cme-provider', 'cvo']),
      jurisdiction: z.string().nullable().optional(),
      credentialTypes: z.array(z.string()),
    }),
  ),
});

export async function issuerProfileFor(runtime: Runtime, serviceUrl: string, did: string): Promise<IssuerProfile> {
  const directory = await runtime.http.getJson(`${serviceUrl}/issuers`, directorySchema, 'the issuer directory');
  const entry = directory.issuers.find((issuer) => issuer.did === did);
  if (entry === undefined) {
    throw new WalletError('wallet.credential.refused', `the issuer ${did} is not in the directory of ${serviceUrl}: refusing`);
  }
  return { did: entry.did, name: entry.name, kind: entry.kind, jurisdiction: entry.jurisdiction ?? null, credentialTypes: [...entry.credentialTypes] };
}
