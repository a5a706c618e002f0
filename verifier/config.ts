import { availableParallelism } from 'node:os';
import path from 'node:path';
import { ConfigError, isProduction, readDataDir, readPort, readPostgresUrl, readString, readToken, readUrl, readWholeNumber, type Env } from '../core/config/envParsing.ts';

export interface VerifierConfig {
  readonly port: number;
  readonly host: string;
  /** Base URL wallets use to reach presentation requests. */
  readonly publicUrl: string | undefined;
  readonly databaseUrl: string | undefined;
  readonly pgliteDataDir: string;
  readonly adminToken: string;
  readonly logLevel: string;
  readonly production: boolean;
  /** Shown to wallets in presentation requests (`verifier.name`). */
  readonly verifierName: string;
  /** How often the status monitor re-checks accepted credentials; 0 = never (tests call runOnce). */
  readonly monitorIntervalSeconds: number;
  /** How long a fetched, verified status list is reused. */
  readonly statusCacheTtlSeconds: number;
  /** How long a fetched log receipt is reused. */
  readonly receiptCacheTtlSeconds: number;
  /** Lifetime of a challenge from `POST /challenges`. */
  readonly challengeTtlSeconds: number;
  /** Lifetime of a presentation request (and its challenge). */
  readonly requestTtlSeconds: number;
  /** Tolerated clock difference when comparing validity dates. */
  readonly clockSkewSeconds: number;
  /** How long a request to an issuer service (status list, receipt, log) may take. */
  readonly fetchTimeoutSeconds: number;
  /** Worker threads verifying signatures (default: one per core; 0 = on the event loop). */
  readonly verifyThreads: number;
  /** Credential signatures remembered as verified, by exact bytes and key (0 = no cache). */
  readonly proofCacheEntries: number;
  /** How long trust-registry and pinned-log reads are reused on the verification path (0 = always read). */
  readonly trustCacheSeconds: number;
}

function readSeconds(env: Env, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < min) throw new ConfigError(`${name} must be a whole number of seconds, at least ${min}, got "${raw}"`);
  return Number(raw);
}

export function loadVerifierConfig(
  options: {
    env?: Env;
    demoAdminToken?: string;
    /** Outside production, the monitor interval to use when VERIFIER_MONITOR_INTERVAL_SECONDS is unset (the demo wants seconds, not minutes). */
    demoMonitorIntervalSeconds?: number;
  } = {},
): VerifierConfig {
  const env = options.env ?? process.env;
  const production = isProduction(env);
  const adminToken = readToken(env, 'VERIFIER_ADMIN_TOKEN') ?? (production ? undefined : options.demoAdminToken);
  if (adminToken === undefined) throw new ConfigError('VERIFIER_ADMIN_TOKEN is required in production');
  return {
    port: readPort(env, 'VERIFIER_PORT', 4200),
    host: readString(env, 'VERIFIER_HOST', '127.0.0.1'),
    publicUrl: readUrl(env, 'VERIFIER_PUBLIC_URL'),
    databaseUrl: readPostgresUrl(env, 'VERIFIER_DATABASE_URL'),
    pgliteDataDir: path.join(readDataDir(env), 'verifier'),
    adminToken,
    logLevel: readString(env, 'LOG_LEVEL', 'info'),
    production,
    verifierName: readString(env, 'VERIFIER_NAME', 'Hospital medical staff office (RadCred verifier)'),
    monitorIntervalSeconds: readSeconds(env, 'VERIFIER_MONITOR_INTERVAL_SECONDS', production ? 300 : (options.demoMonitorIntervalSeconds ?? 300)),
    statusCacheTtlSeconds: readSeconds(env, 'VERIFIER_STATUS_CACHE_SECONDS', 60),
    receiptCacheTtlSeconds: readSeconds(env, 'VERIFIER_RECEIPT_CACHE_SECONDS', 3600),
    challengeTtlSeconds: readSeconds(env, 'VERIFIER_CHALLENGE_TTL_SECONDS', 600, 1),
    requestTtlSeconds: readSeconds(env, 'VERIFIER_REQUEST_TTL_SECONDS', 7 * 24 * 3600, 1),
    clockSkewSeconds: readSeconds(env, 'VERIFIER_CLOCK_SKEW_SECONDS', 300),
    fetchTimeoutSeconds: readSeconds(env, 'VERIFIER_FETCH_TIMEOUT_SECONDS', 10, 1),
    verifyThreads: readWholeNumber(env, 'VERIFIER_VERIFY_THREADS', availableParallelism(), 64),
    proofCacheEntries: readWholeNumber(env, 'VERIFIER_PROOF_CACHE_ENTRIES', 50_000, 10_000_000),
    trustCacheSeconds: readSeconds(env, 'VERIFIER_TRUST_CACHE_SECONDS', 5),
  };
}
