import { openDatabase, type DatabaseHandle } from '../core/db/connect.ts';
import { migrateToLatest } from '../core/db/migrate.ts';
import type { VerifierDatabase } from '../core/db/schema.ts';
import { listen, type RunningServer } from '../core/http/listen.ts';
import { createLogger, type Logger } from '../core/http/logger.ts';
import { warmProofVerification } from '../core/verify/warmProofVerification.ts';
import { createVerifierApp } from './app.ts';
import type { VerifierConfig } from './config.ts';
import type { VerifierDeps } from './deps.ts';
import type { TextFetcher } from '../core/verify/boundedFetch.ts';
import { createStatusMonitor, type StatusMonitor } from './services/statusMonitor.ts';
import { createVerificationRuntime } from './services/verificationRuntime.ts';

export interface RunningVerifier {
  readonly url: string;
  readonly deps: VerifierDeps;
  /** The background status monitor (started when the configured interval is > 0). */
  readonly monitor: StatusMonitor;
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
  options: {
    logger?: Logger;
    database?: DatabaseHandle<VerifierDatabase>;
    /** Tests: the clock, or how issuer services are fetched. */
    runtime?: { now?: () => Date; fetchText?: TextFetcher };
  } = {},
): Promise<RunningVerifier> {
  const logger = options.logger ?? createLogger({ name: 'verifier', level: config.logLevel });
  const database = options.database ?? (await openVerifierDatabase(config));
  let server: RunningServer;
  const deps: VerifierDeps = {
    ...createVerificationRuntime(config, options.runtime ?? {}),
    db: database.db,
    config,
    logger,
    get publicUrl() {
      return config.publicUrl ?? server.url;
    },
  };
  const monitor = createStatusMonitor(deps);
  try {
    server = await listen(createVerifierApp(deps, monitor), config.port, config.host);
  } catch (error) {
    await deps.proofVerifier.close();
    if (!options.database) await database.close();
    throw error;
  }
  logger.info({ url: server.url }, 'verifier listening');
  // Verification threads warm themselves; the event loop verifies too (without threads, or a lone
  // verification's work), so warm it now rather than on the first request.
  void warmProofVerification().catch((error: unknown) => logger.warn({ err: error }, 'verification warm-up failed'));
  monitor.start();
  return {
    url: server.url,
    deps,
    monitor,
    close: async () => {
      await monitor.stop();
      await server.close();
      await deps.proofVerifier.close();
      if (!options.database) await database.close();
    },
  };
}
