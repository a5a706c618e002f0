import type { Router } from '@koa/router';
import { parseOrProblem } from '../../core/http/zodProblem.ts';
import { problems } from '../../core/http/problem.ts';
import { actorOf, requireStaff } from '../auth.ts';
import type { VerifierDeps } from '../deps.ts';
import { addTrustedIssuer, importRequest, importTrustedIssuers, trustRegistry, trustedIssuerRequest } from '../services/trustRegistry.ts';
import { removeTrustedIssuer } from '../stores/trustedIssuerStore.ts';

export function mountTrustedIssuerRoutes(router: Router, deps: VerifierDeps): void {
  const staffOnly = requireStaff(deps);
  router.get('/trusted-issuers', staffOnly, async (ctx) => {
    ctx.body = { trustedIssuers: await trustRegistry(deps) };
  });
  router.post('/trusted-issuers', staffOnly, async (ctx) => {
    const request = parseOrProblem(trustedIssuerRequest, ctx.request.jsonBody);
    ctx.status = 201;
    ctx.body = await addTrustedIssuer(deps, request, actorOf(ctx));
  });
  router.post('/trusted-issuers/import', staffOnly, async (ctx) => {
    const request = parseOrProblem(importRequest, ctx.request.jsonBody);
    ctx.status = 201;
    ctx.body = { trustedIssuers: await importTrustedIssuers(deps, request, actorOf(ctx)) };
  });
  router.delete('/trusted-issuers/:did', staffOnly, async (ctx) => {
    const removed = await removeTrustedIssuer(deps.db, ctx.params.did ?? '');
    deps.trustReads.invalidate();
    if (!removed) throw problems.notFound('that DID is not in the trust registry');
    ctx.status = 204;
  });
}
