import type { IssuerDb } from './issuerStore.ts';

export interface TenantTokenMatch {
  readonly tokenId: string;
  readonly issuerId: string;
}

export async function insertIssuerToken(
  db: IssuerDb,
  token: { id: string; issuerId: string; tokenHash: string; label: string; expiresAt: Date | null },
): Promise<void> {
  await db
    .insertInto('issuer_tokens')
    .values({ id: token.id, issuer_id: token.issuerId, token_hash: token.tokenHash, label: token.label, expires_at: token.expiresAt })
    .execute();
}

/** The tenant a token belongs to, if the token exists, is not revoked and has not expired. */
export async function findActiveToken(db: IssuerDb, tokenHash: string, now: Date): Promise<TenantTokenMatch | undefined> {
  const row = await db
    .selectFrom('issuer_tokens')
    .select(['id', 'issuer_id'])
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .executeTakeFirst();
  return row ? { tokenId: row.id, issuerId: row.issuer_id } : undefined;
}

/** Revokes one of an issuer's tokens; answers false when the issuer has no such live token. */
export async function revokeIssuerToken(db: IssuerDb, issuerId: string, tokenId: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('issuer_tokens')
    .set({ revoked_at: now })
    .where('id', '=', tokenId)
    .where('issuer_id', '=', issuerId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function listIssuerTokens(db: IssuerDb, issuerId: string) {
  return db
    .selectFrom('issuer_tokens')
    .select(['id', 'label', 'created_at', 'expires_at', 'revoked_at'])
    .where('issuer_id', '=', issuerId)
    .orderBy('created_at')
    .execute();
}
