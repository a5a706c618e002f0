import { openDatabase, type DatabaseHandle } from '../core/db/connect.ts';
import { migrateToLatest } from '../core/db/migrate.ts';
import type { IssuerDatabase } from '../core/db/schema.ts';
import { listen, type RunningServer } from '../core/http/listen.ts';
import { createLogger, type Logger } from '../core/http/logger.ts';
import { createIssuerApp } from './app.ts';
import type { IssuerConfig } from './config.ts';
import type { IssuerDeps } from './deps.ts';

export interface RunningIssuer {
  readonly url: string;
  readonly deps: IssuerDeps;
  /** Stops taking requests, lets in-flight ones finish, then closes the database. */
  close(): Promise<void>;
}

export async function openIssuerDatabase(config: IssuerConfig): Promise<DatabaseHandle<IssuerDatabase>> {
  const handle = await openDatabase<IssuerDatabase>(
    config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'pglite', dataDir: config.pgliteDataDir },
  );
  try {
    await migrateToLatest(handle.db, 'issuer');
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}

/** Opens and migrates the database, then serves. Tests pass an already-open database and port 0. */
export async function startIssuer(
  config: IssuerConfig,
  options: { logger?: Logger; database?: DatabaseHandle<IssuerDatabase> } = {},
): Promise<RunningIssuer> {
  const logger = options.logger ?? createLogger({ name: 'issuer', level: config.logLevel });
  const database = options.database ?? (await openIssuerDatabase(config));
  let server: RunningServer;
  const deps: IssuerDeps = {
    db: database.db,
    config,
    logger,
    get publicUrl() {
      return config.publicUrl ?? server.url;
    },
  };
  try {
    server = await listen(createIssuerApp(deps), config.port, config.host);
  } catch (error) {
    if (!options.database) await database.close();
    throw error;
  }
  logger.info({ url: server.url }, 'issuer listening');
  return {
    url: server.url,
    deps,
    close: async () => {
      await server.close();
      if (!options.database) await database.close();
    },
  };
}
