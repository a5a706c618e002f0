import type { VerifierDb } from './staffTokenStore.ts';

/** Pinned credential logs: one per issuer service, with the largest checkpoint this verifier accepted. */
export interface TrustedLog {
  readonly origin: string;
  readonly verifierKey: string;
  readonly baseUrl: string;
  readonly checkpoint: string | null;
  readonly checkpointSize: bigint | null;
  readonly addedBy: string;
  readonly addedAt: Date;
  readonly updatedAt: Date;
}

function toTrustedLog(row: {
  origin: string;
  verifier_key: string;
  base_url: string;
  checkpoint: string | null;
  checkpoint_size: bigint | null;
  added_by: string;
  added_at: Date;
  updated_at: Date;
}): TrustedLog {
  return {
    origin: row.origin,
    verifierKey: row.verifier_key,
    baseUrl: row.base_url,
    checkpoint: row.checkpoint,
    checkpointSize: row.checkpoint_size === null ? null : BigInt(row.checkpoint_size),
    addedBy: row.added_by,
    addedAt: row.added_at,
    updatedAt: row.updated_at,
  };
}

export async function insertTrustedLog(
  db: VerifierDb,
  log: { origin: string; verifierKey: string; baseUrl: string; checkpoint: string | null; checkpointSize: bigint | null; addedBy: string },
): Promise<void> {
  await db
    .insertInto('trusted_logs')
    .values({
      origin: log.origin,
      verifier_key: log.verifierKey,
      base_url: log.baseUrl,
      checkpoint: log.checkpoint,
      checkpoint_size: log.checkpointSize,
      added_by: log.addedBy,
    })
    .execute();
}

export async function findTrustedLogByBaseUrl(db: VerifierDb, baseUrl: string): Promise<TrustedLog | undefined> {
  const row = await db.selectFrom('trusted_logs').selectAll().where('base_url', '=', baseUrl).executeTakeFirst();
  return row ? toTrustedLog(row) : undefined;
}

export async function findTrustedLog(db: VerifierDb, origin: string): Promise<TrustedLog | undefined> {
  const row = await db.selectFrom('trusted_logs').selectAll().where('origin', '=', origin).executeTakeFirst();
  return row ? toTrustedLog(row) : undefined;
}

export async function listTrustedLogs(db: VerifierDb): Promise<TrustedLog[]> {
  const rows = await db.selectFrom('trusted_logs').selectAll().orderBy('added_at').orderBy('origin').execute();
  return rows.map(toTrustedLog);
}

/** Stores a larger trusted checkpoint; never moves backwards (another process may have gone further). */
export async function advanceTrustedCheckpoint(db: VerifierDb, origin: string, checkpoint: string, size: bigint): Promise<boolean> {
  const result = await db
    .updateTable('trusted_logs')
    .set({ checkpoint, checkpoint_size: size, updated_at: new Date() })
    .where('origin', '=', origin)
    .where((eb) => eb.or([eb('checkpoint_size', 'is', null), eb('checkpoint_size', '<', size)]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function removeTrustedLog(db: VerifierDb, origin: string): Promise<boolean> {
  const result = await db.deleteFrom('trusted_logs').where('origin', '=', origin).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
