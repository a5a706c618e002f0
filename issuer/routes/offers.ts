import type { Router } from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { problems } from '../../core/http/problem.ts';
import { parseOrProblem } from '../../core/http/zodProblem.ts';
import { requireTenant, tenantForPath } from '../auth.ts';
import type { IssuerDeps } from '../deps.ts';
import { createOffer, createOfferRequest, redeemCredentialOffer, redeemOfferRequest, viewOffer } from '../services/offers.ts';
import { parseEnvelope } from './requestBody.ts';

const offerIdParam = z.string().uuid();

function offerParams(ctx: Context): { offerId: string; secret: string | undefined } {
  const parsed = offerIdParam.safeParse(ctx.params.offerId);
  if (!parsed.success) throw problems.notFound('no offer at this URL');
  const secret = ctx.query.secret;
  return { offerId: parsed.data, secret: typeof secret === 'string' ? secret : undefined };
}

export function mountOfferRoutes(router: Router, deps: IssuerDeps): void {
  router.post('/issuers/:issuerId/offers', requireTenant(deps), async (ctx) => {
    const tenant = tenantForPath(ctx, ctx.params.issuerId);
    const request = parseEnvelope(createOfferRequest, ctx.request.jsonBody, '{"credential": {…}, "expiresInMinutes"?: n}');
    const offer = await createOffer(deps, tenant, request);
    ctx.status = 201;
    ctx.set('cache-control', 'no-store');
    ctx.body = offer;
  });

  // The pickup URL: no token — whoever holds the URL (and the key it proves) may redeem it once.
  router.get('/offers/:offerId', async (ctx) => {
    const { offerId, secret } = offerParams(ctx);
    ctx.set('cache-control', 'no-store');
    ctx.body = await viewOffer(deps, offerId, secret);
  });

  router.post('/offers/:offerId', async (ctx) => {
    const { offerId, secret } = offerParams(ctx);
    if (ctx.request.jsonBody === undefined) throw problems.badRequest('a JSON body {"verifiablePresentation": {…}} is required');
    const request = parseOrProblem(redeemOfferRequest, ctx.request.jsonBody);
    const issued = await redeemCredentialOffer(deps, offerId, secret, request);
    ctx.status = 201;
    ctx.set('cache-control', 'no-store');
    ctx.body = issued;
  });
}
