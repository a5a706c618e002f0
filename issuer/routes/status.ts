import type { Router } from '@koa/router';
import { z } from 'zod';
import { problems } from '../../core/http/problem.ts';
import { parseOrProblem } from '../../core/http/zodProblem.ts';
import { requireTenant, tenantForPath } from '../auth.ts';
import type { IssuerDeps } from '../deps.ts';
import { changeCredentialStatus, statusChangeRequest } from '../services/changeStatus.ts';
import { issuanceDatabase } from '../stores/issuanceDb.ts';
import { findStatusListDocument, listStatusListsOf } from '../stores/statusListStore.ts';
import { statusListUrl } from '../services/statusLists.ts';

/** Lists change rarely and verifiers poll them: a short public cache, revalidated by ETag. */
export const STATUS_LIST_MAX_AGE_SECONDS = 60;

const listIdParam = z.string().uuid();

export function mountStatusRoutes(router: Router, deps: IssuerDeps): void {
  router.get('/status/:listId', async (ctx) => {
    const parsed = listIdParam.safeParse(ctx.params.listId);
    const list = parsed.success ? await findStatusListDocument(issuanceDatabase(deps.db), parsed.data) : undefined;
    if (!list) throw problems.notFound('no status list with this id');
    ctx.set('cache-control', `public, max-age=${STATUS_LIST_MAX_AGE_SECONDS}`);
    ctx.set('etag', list.etag);
    ctx.set('last-modified', list.updatedAt.toUTCString());
    ctx.set('access-control-allow-origin', '*');
    const ifNoneMatch = ctx.get('if-none-match');
    if (ifNoneMatch !== '' && ifNoneMatch.split(',').some((tag) => tag.trim() === list.etag || tag.trim() === '*')) {
      ctx.status = 304;
      return;
    }
    ctx.type = 'application/vc+ld+json';
    ctx.body = list.credentialJson;
  });

  // A tenant's own lists with their fill: operational data, not public (the lists themselves are).
  router.get('/issuers/:issuerId/status-lists', requireTenant(deps), async (ctx) => {
    const tenant = tenantForPath(ctx, ctx.params.issuerId);
    const lists = await listStatusListsOf(issuanceDatabase(deps.db), tenant.id);
    ctx.set('cache-control', 'no-store');
    ctx.body = {
      statusLists: lists.map((list) => ({
        id: list.id,
        url: statusListUrl(deps.publicUrl, list.id),
        statusPurpose: list.purpose,
        capacity: list.capacity,
        allocated: list.allocated,
        state: list.state,
      })),
    };
  });

  router.post('/credentials/status', requireTenant(deps), async (ctx) => {
    const tenant = tenantForPath(ctx, undefined);
    if (ctx.request.jsonBody === undefined) throw problems.badRequest('a JSON body {credentialId, credentialStatus, status} is required');
    const request = parseOrProblem(statusChangeRequest, ctx.request.jsonBody);
    const result = await changeCredentialStatus(deps, tenant, request);
    ctx.set('cache-control', 'no-store');
    ctx.body = result;
  });
}
