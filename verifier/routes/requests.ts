import type { Router } from '@koa/router';
import { z } from 'zod';
import { parseOrProblem } from '../../core/http/zodProblem.ts';
import { actorOf, requireStaff } from '../auth.ts';
import type { VerifierDeps } from '../deps.ts';
import {
  answerBody,
  answerPresentationRequest,
  createPresentationRequest,
  createRequestBody,
  readPresentationRequest,
  staffRequestList,
  staffRequestView,
} from '../services/presentationRequests.ts';

/**
 * Presentation requests. Staff: `POST /requests`, `GET /requests`, `GET /requests/:id`. Wallet (no
 * token, the secret in the URL is the capability): `GET /requests/:id/:secret`,
 * `POST /requests/:id/:secret/presentations` → 200 accepted or 422 rejected, with the report.
 */
export function mountRequestRoutes(router: Router, deps: VerifierDeps): void {
  const staffOnly = requireStaff(deps);
  router.post('/requests', staffOnly, async (ctx) => {
    const body = parseOrProblem(createRequestBody, ctx.request.jsonBody);
    ctx.status = 201;
    ctx.set('cache-control', 'no-store');
    ctx.body = await createPresentationRequest(deps, body, actorOf(ctx));
  });
  router.get('/requests', staffOnly, async (ctx) => {
    const limit = parseOrProblem(z.coerce.number().int().min(1).max(500).default(100), ctx.query.limit, 'limit');
    ctx.body = { requests: await staffRequestList(deps, limit) };
  });
  router.get('/requests/:requestId', staffOnly, async (ctx) => {
    ctx.set('cache-control', 'no-store');
    ctx.body = await staffRequestView(deps, ctx.params.requestId ?? '');
  });
  router.get('/requests/:requestId/:secret', async (ctx) => {
    ctx.set('cache-control', 'no-store');
    ctx.body = await readPresentationRequest(deps, ctx.params.requestId ?? '', ctx.params.secret ?? '');
  });
  router.post('/requests/:requestId/:secret/presentations', async (ctx) => {
    const body = parseOrProblem(answerBody, ctx.request.jsonBody);
    const report = await answerPresentationRequest(deps, ctx.params.requestId ?? '', ctx.params.secret ?? '', body.verifiablePresentation, body.receipts);
    ctx.set('cache-control', 'no-store');
    ctx.status = report.decision === 'accepted' ? 200 : 422;
    ctx.body = report;
  });
}
