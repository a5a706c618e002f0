import type { Router } from '@koa/router';
import { z } from 'zod';
import { parseOrProblem } from '../../core/http/zodProblem.ts';
import { problems } from '../../core/http/problem.ts';
import { requireStaff } from '../auth.ts';
import type { VerifierDeps } from '../deps.ts';
import { rulePacks } from '../policies/rulePacks.ts';
import { findReport } from '../stores/reportStore.ts';

/** `GET /reports/:reportId` (staff): any stored report with what was submitted; `GET /policy-packs`: ready-made rule packs. */
export function mountReportRoutes(router: Router, deps: VerifierDeps): void {
  const staffOnly = requireStaff(deps);
  router.get('/reports/:reportId', staffOnly, async (ctx) => {
    const id = parseOrProblem(z.string().uuid(), ctx.params.reportId, 'reportId');
    const report = await findReport(deps.db, id);
    if (!report) throw problems.notFound(`no report ${id}`);
    ctx.set('cache-control', 'no-store');
    ctx.body = { ...report, checkedAt: report.checkedAt.toISOString() };
  });
  router.get('/policy-packs', staffOnly, (ctx) => {
    ctx.body = { packs: rulePacks };
  });
}
