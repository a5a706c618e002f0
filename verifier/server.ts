import { openDatabase, type DatabaseHandle } from '../core/db/connect.ts';
import { migrateToLatest } from '../core/db/migrate.ts';
import type { VerifierDatabase } from '../core/db/schema.ts';
import { listen, type RunningServer } from '../core/http/listen.ts';
import { createLogger, type Logger } from '../core/http/logger.ts';
import { createVerifierApp } from './app.ts';
import type { VerifierConfig } from './config.ts';
import type { VerifierDeps } from './deps.ts';

export interface RunningVerifier {
  readonly url: string;
  readonly deps: VerifierDeps;
  /** Stops taking requests, lets in-flight ones finish, then closes the database. */
  close(): Promise<void>;
}

export async function openVerifierDatabase(config: VerifierConfig): Promise<DatabaseHandle<VerifierDatabase>> {
  const handle = await openDatabase<VerifierDatabase>(
    config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'pglite', dataDir: config.pgliteDataDir },
  );
  try {
    await migrateToLatest(handle.db, 'verifier');
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}

/** Opens and migrates the database, then serves. Tests pass an already-open database and port 0. */
export async function startVerifier(
  config: VerifierConfig,
  options: { logger?: Logger; database?: DatabaseHandle<VerifierDatabase> } = {},
): Promise<RunningVerifier> {
  const logger = options.logger ?? createLogger({ name: 'verifier', level: config.logLevel });
  const database = options.database ?? (await openVerifierDatabase(config));
  let server: RunningServer;
  const deps: VerifierDeps = {
    db: database.db,
    config,
    logger,
    get publicUrl() {
      return config.publicUrl ?? server.url;
    },
  };
  try {
    server = await listen(createVerifierApp(deps), config.port, config.host);
  } catch (error) {
    if (!options.database) await database.close();
    throw error;
  }
  logger.info({ url: server.url }, 'verifier listening');
  return {
    url: server.url,
    deps,
    close: async () => {
      await server.close();
      if (!options.database) await database.close();
    },
  };
}
