import type { Kysely, Transaction } from 'kysely';
import type { VerifierDatabase } from '../../core/db/schema.ts';

export type VerifierDb = Kysely<VerifierDatabase> | Transaction<VerifierDatabase>;

export async function insertStaffToken(db: VerifierDb, token: { id: string; tokenHash: string; label: string }): Promise<void> {
  await db.insertInto('staff_tokens').values({ id: token.id, token_hash: token.tokenHash, label: token.label }).execute();
}

export async function findActiveStaffToken(db: VerifierDb, tokenHash: string): Promise<{ id: string; label: string } | undefined> {
  return db
    .selectFrom('staff_tokens')
    .select(['id', 'label'])
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function revokeStaffToken(db: VerifierDb, id: string): Promise<boolean> {
  const result = await db.updateTable('staff_tokens').set({ revoked_at: new Date() }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
