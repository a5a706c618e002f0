import { randomUUID } from 'node:crypto';
import type { Router } from '@koa/router';
import { z } from 'zod';
import { generateApiToken, hashApiToken } from '../../core/auth/apiTokens.ts';
import { parseOrProblem } from '../../core/http/zodProblem.ts';
import { problems } from '../../core/http/problem.ts';
import { requireAdmin } from '../auth.ts';
import type { VerifierDeps } from '../deps.ts';
import { insertStaffToken, revokeStaffToken } from '../stores/staffTokenStore.ts';

const mintRequest = z.object({ label: z.string().trim().min(1).max(100) }).strict();

/** The admin mints one token per staff member, so the audit record names who asked. */
export function mountStaffTokenRoutes(router: Router, deps: VerifierDeps): void {
  const adminOnly = requireAdmin(deps);
  router.post('/admin/tokens', adminOnly, async (ctx) => {
    const { label } = parseOrProblem(mintRequest, ctx.request.jsonBody);
    const token = generateApiToken('rcvs');
    const id = randomUUID();
    await insertStaffToken(deps.db, { id, tokenHash: hashApiToken(token), label });
    ctx.status = 201;
    ctx.set('cache-control', 'no-store');
    ctx.body = { id, label, token };
  });
  router.delete('/admin/tokens/:tokenId', adminOnly, async (ctx) => {
    const id = parseOrProblem(z.string().uuid(), ctx.params.tokenId, 'tokenId');
    if (!(await revokeStaffToken(deps.db, id))) throw problems.notFound('no live staff token with that id');
    ctx.status = 204;
  });
}
