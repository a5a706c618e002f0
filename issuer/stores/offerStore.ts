import type { IssuanceDb } from './issuanceDb.ts';

export interface OfferRecord {
  readonly id: string;
  readonly issuerId: string;
  readonly secretHash: string;
  readonly challenge: string;
  readonly domain: string;
  readonly credentialType: string;
  readonly credential: Record<string, unknown>;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly redeemedAt: Date | null;
  readonly holderDid: string | null;
  readonly credentialId: string | null;
}

export async function insertOffer(db: IssuanceDb, offer: Omit<OfferRecord, 'createdAt' | 'redeemedAt' | 'holderDid' | 'credentialId'>): Promise<void> {
  await db
    .insertInto('credential_offers')
    .values({
      id: offer.id,
      issuer_id: offer.issuerId,
      secret_hash: offer.secretHash,
      challenge: offer.challenge,
      domain: offer.domain,
      credential_type: offer.credentialType,
      credential: JSON.stringify(offer.credential),
      expires_at: offer.expiresAt,
    })
    .execute();
}

export async function findOffer(db: IssuanceDb, offerId: string): Promise<OfferRecord | undefined> {
  const row = await db.selectFrom('credential_offers').selectAll().where('id', '=', offerId).executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    issuerId: row.issuer_id,
    secretHash: row.secret_hash,
    challenge: row.challenge,
    domain: row.domain,
    credentialType: row.credential_type,
    credential: row.credential,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    redeemedAt: row.redeemed_at,
    holderDid: row.holder_did,
    credentialId: row.credential_id,
  };
}

/**
 * Marks an offer redeemed if it still may be (not redeemed, not expired at `now`); false when
 * another redemption got there first or it expired — the caller's transaction must then roll back.
 */
export async function redeemOffer(db: IssuanceDb, offerId: string, redemption: { holderDid: string; credentialId: string; now: Date }): Promise<boolean> {
  const result = await db
    .updateTable('credential_offers')
    .set({ redeemed_at: redemption.now, holder_did: redemption.holderDid, credential_id: redemption.credentialId })
    .where('id', '=', offerId)
    .where('redeemed_at', 'is', null)
    .where('expires_at', '>', redemption.now)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
