import type { Kysely } from 'kysely';
import { createServiceApp } from '../../../../core/http/serviceApp.ts';
import { listen, type RunningServer } from '../../../../core/http/listen.ts';
import type { CredentialLog } from '../../credentialLog.ts';
import { mountLogRoutes } from '../../routes.ts';
import { asLogDb, quietLogger } from './logFixtures.ts';

/** Serves a log's routes over real HTTP on an ephemeral port, with the service middleware stack. */
export async function serveLog<DB>(log: CredentialLog, db: Kysely<DB>): Promise<RunningServer> {
  const app = createServiceApp({
    name: 'log-test',
    logger: quietLogger(),
    ready: async () => undefined,
    routes: (router) => mountLogRoutes(router, log, asLogDb(db)),
  });
  return listen(app, 0);
}
