import type Koa from 'koa';
import { sql } from 'kysely';
import { createServiceApp } from '../core/http/serviceApp.ts';
import type { IssuerDeps } from './deps.ts';
import type { LogDb } from './log/logDatabase.ts';
import { mountLogRoutes } from './log/routes.ts';
import { mountAdminRoutes } from './routes/admin.ts';
import { mountContextRoutes } from './routes/contexts.ts';
import { mountCredentialRoutes } from './routes/credentials.ts';
import { mountDirectoryRoutes } from './routes/directory.ts';
import { mountOfferRoutes } from './routes/offers.ts';
import { mountOpenApiRoute } from './routes/openapi.ts';
import { mountStatusRoutes } from './routes/status.ts';

export function createIssuerApp(deps: IssuerDeps): Koa {
  return createServiceApp({
    name: 'radcred-issuer',
    logger: deps.logger,
    ready: async () => {
      await sql`select 1`.execute(deps.db);
      return undefined;
    },
    routes: (router) => {
      mountAdminRoutes(router, deps);
      mountDirectoryRoutes(router, deps);
      mountContextRoutes(router);
      mountCredentialRoutes(router, deps);
      mountStatusRoutes(router, deps);
      mountOfferRoutes(router, deps);
      mountLogRoutes(router, deps.log, deps.db as unknown as LogDb);
      mountOpenApiRoute(router);
    },
  });
}
