import type { VerifierDb } from './staffTokenStore.ts';

export interface Applicant {
  readonly name: string;
  readonly npi?: string | undefined;
  readonly email?: string | undefined;
}

export interface StoredRequest {
  readonly id: string;
  readonly secretHash: string;
  readonly policyId: string;
  readonly applicant: Applicant;
  readonly challengeId: string;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly status: 'pending' | 'accepted' | 'rejected';
  readonly reportId: string | null;
  readonly answeredAt: Date | null;
}

type Row = {
  id: string;
  secret_hash: string;
  policy_id: string;
  applicant: Applicant;
  challenge_id: string;
  created_by: string;
  created_at: Date;
  expires_at: Date;
  status: 'pending' | 'accepted' | 'rejected';
  report_id: string | null;
  answered_at: Date | null;
};

function toRequest(row: Row): StoredRequest {
  return {
    id: row.id,
    secretHash: row.secret_hash,
    policyId: row.policy_id,
    applicant: row.applicant,
    challengeId: row.challenge_id,
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    status: row.status,
    reportId: row.report_id,
    answeredAt: row.answered_at,
  };
}

export async function insertRequest(
  db: VerifierDb,
  request: { id: string; secretHash: string; policyId: string; applicant: Applicant; challengeId: string; createdBy: string; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('presentation_requests')
    .values({
      id: request.id,
      secret_hash: request.secretHash,
      policy_id: request.policyId,
      applicant: JSON.stringify(request.applicant),
      challenge_id: request.challengeId,
      created_by: request.createdBy,
      expires_at: request.expiresAt,
    })
    .execute();
}

export async function findRequest(db: VerifierDb, id: string): Promise<StoredRequest | undefined> {
  const row = await db.selectFrom('presentation_requests').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRequest(row) : undefined;
}

export async function listRequests(db: VerifierDb, limit: number): Promise<StoredRequest[]> {
  const rows = await db.selectFrom('presentation_requests').selectAll().orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
  return rows.map(toRequest);
}

/** Records the answer that consumed the request's challenge (only ever once per request). */
export async function recordRequestOutcome(
  db: VerifierDb,
  id: string,
  outcome: { status: 'accepted' | 'rejected'; reportId: string; answeredAt: Date },
): Promise<void> {
  await db
    .updateTable('presentation_requests')
    .set({ status: outcome.status, report_id: outcome.reportId, answered_at: outcome.answeredAt })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}
