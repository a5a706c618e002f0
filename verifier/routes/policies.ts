import type { Router } from '@koa/router';
import { z } from 'zod';
import { parseOrProblem } from '../../core/http/zodProblem.ts';
import { problems } from '../../core/http/problem.ts';
import { actorOf, requireStaff } from '../auth.ts';
import type { VerifierDeps } from '../deps.ts';
import { policyDefinition } from '../policies/policyRules.ts';
import { createPolicy } from '../services/policies.ts';
import { findPolicy, listPolicies } from '../stores/policyStore.ts';

export function mountPolicyRoutes(router: Router, deps: VerifierDeps): void {
  const staffOnly = requireStaff(deps);
  router.get('/policies', staffOnly, async (ctx) => {
    ctx.body = { policies: await listPolicies(deps.db) };
  });
  router.post('/policies', staffOnly, async (ctx) => {
    const definition = parseOrProblem(policyDefinition, ctx.request.jsonBody);
    ctx.status = 201;
    ctx.body = await createPolicy(deps, definition, actorOf(ctx));
  });
  router.get('/policies/:policyId', staffOnly, async (ctx) => {
    const id = parseOrProblem(z.string().uuid(), ctx.params.policyId, 'policyId');
    const policy = await findPolicy(deps.db, id);
    if (!policy) throw problems.notFound(`no policy ${id}`);
    ctx.body = policy;
  });
}
