import type { Router } from '@koa/router';
import { z } from 'zod';
import { parseOrProblem } from '../../core/http/zodProblem.ts';
import { problems } from '../../core/http/problem.ts';
import { requireOperator } from '../auth.ts';
import type { IssuerDeps } from '../deps.ts';
import { createIssuer, createIssuerRequest } from '../services/createIssuer.ts';
import { mintIssuerToken, mintTokenRequest, revokeTokenOfIssuer } from '../services/issuerTokens.ts';
import { issuerDirectoryEntry } from './directory.ts';

const issuerIdParam = z.string().uuid('issuer ids are UUIDs');

/** Operator-only administration: tenants and their API tokens. */
export function mountAdminRoutes(router: Router, deps: IssuerDeps): void {
  const operatorOnly = requireOperator(deps);

  router.post('/admin/issuers', operatorOnly, async (ctx) => {
    const request = parseOrProblem(createIssuerRequest, ctx.request.jsonBody);
    const { issuer, token } = await createIssuer(deps, request);
    ctx.status = 201;
    ctx.set('location', `/issuers/${issuer.id}`);
    ctx.set('cache-control', 'no-store');
    ctx.body = { ...issuerDirectoryEntry(issuer), token };
  });

  router.post('/admin/issuers/:issuerId/tokens', operatorOnly, async (ctx) => {
    const issuerId = parseOrProblem(issuerIdParam, ctx.params.issuerId, 'issuerId');
    const request = parseOrProblem(mintTokenRequest, ctx.request.jsonBody ?? {});
    const minted = await mintIssuerToken(deps, issuerId, request);
    ctx.status = 201;
    ctx.set('cache-control', 'no-store');
    ctx.body = minted;
  });

  router.delete('/admin/issuers/:issuerId/tokens/:tokenId', operatorOnly, async (ctx) => {
    const issuerId = parseOrProblem(issuerIdParam, ctx.params.issuerId, 'issuerId');
    const tokenId = parseOrProblem(z.string().uuid(), ctx.params.tokenId, 'tokenId');
    if (!(await revokeTokenOfIssuer(deps, issuerId, tokenId))) {
      throw problems.notFound('no live token with that id for that issuer');
    }
    ctx.status = 204;
  });
}
