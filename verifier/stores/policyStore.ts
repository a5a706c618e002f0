import type { PolicyDefinition } from '../policies/policyRules.ts';
import type { VerifierDb } from './staffTokenStore.ts';

export interface StoredPolicy extends PolicyDefinition {
  readonly id: string;
  readonly createdBy: string;
  readonly createdAt: Date;
}

function toPolicy(row: { id: string; name: string; description: string; rules: unknown; created_by: string; created_at: Date }): StoredPolicy {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    rules: row.rules as PolicyDefinition['rules'],
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

export async function insertPolicy(db: VerifierDb, policy: Omit<StoredPolicy, 'createdAt'>): Promise<void> {
  await db
    .insertInto('policies')
    .values({
      id: policy.id,
      name: policy.name,
      description: policy.description,
      rules: JSON.stringify(policy.rules),
      created_by: policy.createdBy,
    })
    .execute();
}

export async function findPolicy(db: VerifierDb, id: string): Promise<StoredPolicy | undefined> {
  const row = await db.selectFrom('policies').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toPolicy(row) : undefined;
}

export async function findPolicyByName(db: VerifierDb, name: string): Promise<StoredPolicy | undefined> {
  const row = await db
    .selectFrom('policies')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .executeTakeFirst();
  return row ? toPolicy(row) : undefined;
}

export async function listPolicies(db: VerifierDb): Promise<StoredPolicy[]> {
  const rows = await db.selectFrom('policies').selectAll().orderBy('created_at').orderBy('id').execute();
  return rows.map(toPolicy);
}
