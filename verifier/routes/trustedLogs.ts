import type { Router } from '@koa/router';
import { z } from 'zod';
import { parseOrProblem } from '../../core/http/zodProblem.ts';
import { problems } from '../../core/http/problem.ts';
import { actorOf, requireStaff } from '../auth.ts';
import type { VerifierDeps } from '../deps.ts';
import { pinIssuerLog } from '../services/logTrust.ts';
import { listTrustedLogs, removeTrustedLog, type TrustedLog } from '../stores/trustedLogStore.ts';

const pinRequest = z
  .object({
    issuerServiceUrl: z
      .string()
      .url()
      .refine((u) => /^https?:\/\//.test(u), 'an http(s) URL'),
    verifierKey: z.string().min(1).max(512).optional(),
  })
  .strict();

function view(log: TrustedLog) {
  return {
    origin: log.origin,
    verifierKey: log.verifierKey,
    baseUrl: log.baseUrl,
    checkpointSize: log.checkpointSize === null ? null : log.checkpointSize.toString(),
    checkpoint: log.checkpoint,
    addedBy: log.addedBy,
    addedAt: log.addedAt.toISOString(),
    updatedAt: log.updatedAt.toISOString(),
  };
}

/** Pinned credential logs (staff): `GET`/`POST /trusted-logs`, `DELETE /trusted-logs/:origin` (URL-encoded). */
export function mountTrustedLogRoutes(router: Router, deps: VerifierDeps): void {
  const staffOnly = requireStaff(deps);
  router.get('/trusted-logs', staffOnly, async (ctx) => {
    ctx.body = { trustedLogs: (await listTrustedLogs(deps.db)).map(view) };
  });
  router.post('/trusted-logs', staffOnly, async (ctx) => {
    const body = parseOrProblem(pinRequest, ctx.request.jsonBody);
    ctx.status = 201;
    ctx.body = view(await pinIssuerLog(deps, body, actorOf(ctx)));
  });
  router.delete('/trusted-logs/:origin', staffOnly, async (ctx) => {
    const origin = ctx.params.origin ?? '';
    const removed = await removeTrustedLog(deps.db, origin);
    deps.trustReads.invalidate();
    if (!removed) throw problems.notFound('no pinned log with that origin');
    deps.logTrust.forget(origin);
    ctx.status = 204;
  });
}
