import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { generateApiToken, hashApiToken } from '../../core/auth/apiTokens.ts';
import { problems } from '../../core/http/problem.ts';
import type { IssuerDeps } from '../deps.ts';
import { findIssuerById } from '../stores/issuerStore.ts';
import { insertIssuerToken, revokeIssuerToken } from '../stores/tokenStore.ts';

export const mintTokenRequest = z
  .object({
    label: z.string().trim().min(1).max(100).default('api'),
    /** Lifetime in days; tokens without one live until revoked. */
    expiresInDays: z.number().int().positive().max(3650).optional(),
  })
  .strict();
export type MintTokenRequest = z.output<typeof mintTokenRequest>;

export interface MintedToken {
  readonly id: string;
  readonly issuerId: string;
  readonly label: string;
  readonly expiresAt: string | null;
  /** Shown once; only the SHA-256 is stored. */
  readonly token: string;
}

export async function mintIssuerToken(deps: IssuerDeps, issuerId: string, request: MintTokenRequest): Promise<MintedToken> {
  if (!(await findIssuerById(deps.db, issuerId))) throw problems.notFound(`no issuer ${issuerId}`);
  const token = generateApiToken('rcit');
  const id = randomUUID();
  const expiresAt = request.expiresInDays === undefined ? null : new Date(Date.now() + request.expiresInDays * 86_400_000);
  await insertIssuerToken(deps.db, { id, issuerId, tokenHash: hashApiToken(token), label: request.label, expiresAt });
  deps.logger.info({ issuerId, tokenId: id }, 'issuer token minted');
  return { id, issuerId, label: request.label, expiresAt: expiresAt?.toISOString() ?? null, token };
}

export async function revokeTokenOfIssuer(deps: IssuerDeps, issuerId: string, tokenId: string): Promise<boolean> {
  const revoked = await revokeIssuerToken(deps.db, issuerId, tokenId, new Date());
  if (revoked) deps.logger.info({ issuerId, tokenId }, 'issuer token revoked');
  return revoked;
}
