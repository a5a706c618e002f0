import type Koa from 'koa';
import { sql } from 'kysely';
import { createServiceApp } from '../core/http/serviceApp.ts';
import type { VerifierDeps } from './deps.ts';
import { verifierOpenApiDocument } from './openapi.ts';
import { mountAlertRoutes } from './routes/alerts.ts';
import { mountChallengeRoutes } from './routes/challenges.ts';
import { mountPolicyRoutes } from './routes/policies.ts';
import { mountReportRoutes } from './routes/reports.ts';
import { mountRequestRoutes } from './routes/requests.ts';
import { mountTrustedLogRoutes } from './routes/trustedLogs.ts';
import { mountVerificationRoutes } from './routes/verification.ts';
import { createStatusMonitor, type StatusMonitor } from './services/statusMonitor.ts';
import { mountStaffTokenRoutes } from './routes/staffTokens.ts';
import { mountTrustedIssuerRoutes } from './routes/trustedIssuers.ts';

export function createVerifierApp(deps: VerifierDeps, monitor: StatusMonitor = createStatusMonitor(deps)): Koa {
  return createServiceApp({
    name: 'radcred-verifier',
    logger: deps.logger,
    ready: async () => {
      await sql`select 1`.execute(deps.db);
      return undefined;
    },
    routes: (router) => {
      mountStaffTokenRoutes(router, deps);
      mountTrustedIssuerRoutes(router, deps);
      mountPolicyRoutes(router, deps);
      mountTrustedLogRoutes(router, deps);
      mountChallengeRoutes(router, deps);
      mountVerificationRoutes(router, deps);
      mountRequestRoutes(router, deps);
      mountReportRoutes(router, deps);
      mountAlertRoutes(router, deps, monitor);
      router.get('/openapi.json', (ctx) => {
        ctx.set('cache-control', 'public, max-age=300');
        ctx.body = verifierOpenApiDocument(deps.publicUrl);
      });
    },
  });
}
