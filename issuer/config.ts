import path from 'node:path';
import { ConfigError, isProduction, readDataDir, readPort, readPostgresUrl, readSecretKey, readString, readToken, readUrl, readWholeNumber, type Env } from '../core/config/envParsing.ts';
import { DEFAULT_BATCH_MAX_WAIT_MS } from './log/credentialLog.ts';

export interface IssuerConfig {
  readonly port: number;
  readonly host: string;
  /** Base URL wallets and verifiers use to reach this service (status lists, offers, log). */
  readonly publicUrl: string | undefined;
  readonly databaseUrl: string | undefined;
  /** PGlite data directory when no database URL is configured. */
  readonly pgliteDataDir: string;
  readonly operatorToken: string;
  readonly keyEncryptionKey: Buffer;
  readonly logOrigin: string;
  /** How long the log's sequencer lets the first entry after an idle spell wait for company (ms). */
  readonly logBatchWaitMs: number;
  readonly logLevel: string;
  readonly production: boolean;
}

/** Secrets the demo generates on first start when the environment does not provide them. */
export interface DemoSecrets {
  readonly operatorToken: string;
  readonly keyEncryptionKey: Buffer;
}

export function loadIssuerConfig(options: { env?: Env; demoSecrets?: DemoSecrets } = {}): IssuerConfig {
  const env = options.env ?? process.env;
  const production = isProduction(env);
  const operatorToken = readToken(env, 'RADCRED_OPERATOR_TOKEN') ?? (production ? undefined : options.demoSecrets?.operatorToken);
  const keyEncryptionKey =
    readSecretKey(env, 'RADCRED_KEY_ENCRYPTION_KEY') ?? (production ? undefined : options.demoSecrets?.keyEncryptionKey);
  if (operatorToken === undefined) throw new ConfigError('RADCRED_OPERATOR_TOKEN is required in production');
  if (keyEncryptionKey === undefined) throw new ConfigError('RADCRED_KEY_ENCRYPTION_KEY is required in production');
  const logOrigin = readString(env, 'LOG_ORIGIN', 'radcred.localhost/log');
  if (/[\s+]/.test(logOrigin)) throw new ConfigError('LOG_ORIGIN must not contain spaces or "+" (it is a C2SP key name)');
  return {
    port: readPort(env, 'ISSUER_PORT', 4100),
    host: readString(env, 'ISSUER_HOST', '127.0.0.1'),
    publicUrl: readUrl(env, 'ISSUER_PUBLIC_URL'),
    databaseUrl: readPostgresUrl(env, 'ISSUER_DATABASE_URL'),
    pgliteDataDir: path.join(readDataDir(env), 'issuer'),
    operatorToken,
    keyEncryptionKey,
    logOrigin,
    logBatchWaitMs: readWholeNumber(env, 'ISSUER_LOG_BATCH_WAIT_MS', DEFAULT_BATCH_MAX_WAIT_MS, 250),
    logLevel: readString(env, 'LOG_LEVEL', 'info'),
    production,
  };
}
