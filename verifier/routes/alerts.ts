import type { Router } from '@koa/router';
import { z } from 'zod';
import { parseOrProblem } from '../../core/http/zodProblem.ts';
import { requireStaff } from '../auth.ts';
import type { VerifierDeps } from '../deps.ts';
import type { StatusMonitor } from '../services/statusMonitor.ts';
import { listAlerts } from '../stores/monitorStore.ts';

const alertQuery = z
  .object({
    since: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();

/** `GET /alerts` (staff): what the status monitor found, newest first; `POST /monitor/run` runs a pass now. */
export function mountAlertRoutes(router: Router, deps: VerifierDeps, monitor: StatusMonitor): void {
  const staffOnly = requireStaff(deps);
  router.get('/alerts', staffOnly, async (ctx) => {
    const query = parseOrProblem(alertQuery, ctx.query);
    const alerts = await listAlerts(deps.db, { limit: query.limit, ...(query.since ? { since: new Date(query.since) } : {}) });
    ctx.set('cache-control', 'no-store');
    ctx.body = { alerts: alerts.map((a) => ({ ...a, createdAt: a.createdAt.toISOString() })) };
  });
  router.post('/monitor/run', staffOnly, async (ctx) => {
    ctx.body = await monitor.runOnce();
  });
}
