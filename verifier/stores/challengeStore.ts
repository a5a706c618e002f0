import type { VerifierDb } from './staffTokenStore.ts';

export interface StoredChallenge {
  readonly id: string;
  readonly challenge: string;
  readonly domain: string;
  readonly purpose: 'api' | 'request';
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly usedAt: Date | null;
}

function toChallenge(row: {
  id: string;
  challenge: string;
  domain: string;
  purpose: 'api' | 'request';
  created_by: string;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
}): StoredChallenge {
  return {
    id: row.id,
    challenge: row.challenge,
    domain: row.domain,
    purpose: row.purpose,
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    usedAt: row.used_at,
  };
}

export async function insertChallenge(
  db: VerifierDb,
  challenge: { id: string; challenge: string; domain: string; purpose: 'api' | 'request'; createdBy: string; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('challenges')
    .values({
      id: challenge.id,
      challenge: challenge.challenge,
      domain: challenge.domain,
      purpose: challenge.purpose,
      created_by: challenge.createdBy,
      expires_at: challenge.expiresAt,
    })
    .execute();
}

export async function findChallengeByValue(db: VerifierDb, challenge: string): Promise<StoredChallenge | undefined> {
  const row = await db.selectFrom('challenges').selectAll().where('challenge', '=', challenge).executeTakeFirst();
  return row ? toChallenge(row) : undefined;
}

export async function findChallenge(db: VerifierDb, id: string): Promise<StoredChallenge | undefined> {
  const row = await db.selectFrom('challenges').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toChallenge(row) : undefined;
}

/**
 * Marks the challenge used if nobody has: one conditional UPDATE, so of two concurrent answers
 * exactly one gets the row back (the other is a replay), on PostgreSQL and PGlite alike.
 */
export async function consumeChallenge(db: VerifierDb, id: string, at: Date): Promise<{ expiresAt: Date } | undefined> {
  const row = await db
    .updateTable('challenges')
    .set({ used_at: at })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .returning(['expires_at'])
    .executeTakeFirst();
  return row ? { expiresAt: row.expires_at } : undefined;
}
