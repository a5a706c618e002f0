import { openDatabase, type DatabaseHandle } from '../core/db/connect.ts';
import { migrateToLatest } from '../core/db/migrate.ts';
import type { IssuerDatabase } from '../core/db/schema.ts';
import { listen, type RunningServer } from '../core/http/listen.ts';
import { createLogger, type Logger } from '../core/http/logger.ts';
import { warmFastCanonize } from '../core/credential/fastCanonize.ts';
import { createIssuerApp } from './app.ts';
import type { IssuerConfig } from './config.ts';
import type { IssuerDeps } from './deps.ts';
import { openCredentialLog, type CredentialLog } from './log/credentialLog.ts';
import type { LogDb } from './log/logDatabase.ts';
import { closeSigningPools, credentialSigner } from './services/credentialSigner.ts';
import { TenantKeys } from './services/tenantSigner.ts';

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

/** Issuers running in this process: the shared signing threads stop when the last one closes. */
let runningIssuers = 0;

export interface StartIssuerOptions {
  logger?: Logger;
  database?: DatabaseHandle<IssuerDatabase>;
  /** Credential log tuning for tests (overrides the configuration). */
  log?: { batchMaxWaitMs?: number; batchMaxEntries?: number };
  /** Signing worker threads; default one per core, 0 signs on the event loop. */
  signingThreads?: number;
}

/** Opens and migrates the database, opens the credential log, then serves. Tests pass an already-open database and port 0. */
export async function startIssuer(config: IssuerConfig, options: StartIssuerOptions = {}): Promise<RunningIssuer> {
  const logger = options.logger ?? createLogger({ name: 'issuer', level: config.logLevel });
  const database = options.database ?? (await openIssuerDatabase(config));
  let server: RunningServer;
  let log: CredentialLog;
  try {
    // LogDb is IssuerDatabase plus the log's tables, which the migrations have created.
    log = await openCredentialLog({
      db: database.db as unknown as LogDb,
      origin: config.logOrigin,
      keyEncryptionKey: config.keyEncryptionKey,
      logger,
      batchMaxWaitMs: config.logBatchWaitMs,
      ...options.log,
    });
  } catch (error) {
    if (!options.database) await database.close();
    throw error;
  }
  log.start();
  const deps: IssuerDeps = {
    db: database.db,
    config,
    logger,
    get publicUrl() {
      return config.publicUrl ?? server.url;
    },
    log,
    tenantKeys: new TenantKeys(config.keyEncryptionKey),
    signer: credentialSigner(options.signingThreads),
  };
  try {
    server = await listen(createIssuerApp(deps), config.port, config.host);
  } catch (error) {
    await log.stop();
    if (!options.database) await database.close();
    throw error;
  }
  logger.info({ url: server.url }, 'issuer listening');
  // Status lists and unthreaded issuance sign on the event loop: process the contexts now, not on the first request.
  void warmFastCanonize().catch((error: unknown) => logger.warn({ err: error }, 'canonicalisation warm-up failed'));
  runningIssuers += 1;
  let closed = false;
  return {
    url: server.url,
    deps,
    close: async () => {
      if (closed) return;
      closed = true;
      await server.close();
      // Flush what is queued before the database goes away.
      await log.stop();
      runningIssuers -= 1;
      // Worker threads' message ports would otherwise keep a finished process (a test file) alive.
      if (runningIssuers === 0) await closeSigningPools();
      if (!options.database) await database.close();
    },
  };
}
