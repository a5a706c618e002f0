import path from 'node:path';
import { ConfigError, isProduction, readDataDir, readPort, readPostgresUrl, readString, readToken, readUrl, type Env } from '../core/config/envParsing.ts';

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
}

export function loadVerifierConfig(options: { env?: Env; demoAdminToken?: string } = {}): VerifierConfig {
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
  };
}
