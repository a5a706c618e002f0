import { randomUUID } from 'node:crypto';
import { isUniqueViolation } from '../../core/db/errors.ts';
import { problems } from '../../core/http/problem.ts';
import type { VerifierDeps } from '../deps.ts';
import type { PolicyDefinition } from '../policies/policyRules.ts';
import { findPolicyByName, insertPolicy, type StoredPolicy } from '../stores/policyStore.ts';

export async function createPolicy(deps: VerifierDeps, definition: PolicyDefinition, actor: string): Promise<StoredPolicy> {
  const policy = { id: randomUUID(), ...definition, createdBy: actor };
  const duplicate = () => problems.conflict(`a policy named "${definition.name}" already exists`);
  await deps.db
    .transaction()
    .execute(async (trx) => {
      if (await findPolicyByName(trx, definition.name)) throw duplicate();
      await insertPolicy(trx, policy);
    })
    .catch((error: unknown) => {
      throw isUniqueViolation(error) ? duplicate() : error;
    });
  deps.logger.info({ policyId: policy.id, actor }, 'policy created');
  return { ...policy, createdAt: new Date() };
}
