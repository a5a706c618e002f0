import type Koa from 'koa';
import { sql } from 'kysely';
import { createServiceApp } from '../core/http/serviceApp.ts';
import type { VerifierDeps } from './deps.ts';
import { mountPolicyRoutes } from './routes/policies.ts';
import { mountStaffTokenRoutes } from './routes/staffTokens.ts';
import { mountTrustedIssuerRoutes } from './routes/trustedIssuers.ts';

export function createVerifierApp(deps: VerifierDeps): Koa {
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
    },
  });
}
