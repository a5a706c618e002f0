import type Koa from 'koa';
import { sql } from 'kysely';
import { createServiceApp } from '../core/http/serviceApp.ts';
import type { IssuerDeps } from './deps.ts';
import { mountAdminRoutes } from './routes/admin.ts';
import { mountContextRoutes } from './routes/contexts.ts';
import { mountDirectoryRoutes } from './routes/directory.ts';

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
    },
  });
}
