import { z } from 'zod';
import path from 'node:path';

/**
 * Shared parsing for environment variables; only the `config.ts` files call these with `process.env`.
 * Every failure names the variable, so a misconfigured service stops with one readable line.
 */
export class ConfigError extends Error {
  readonly code = 'config.invalid';
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

export function readPort(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const parsed = z.coerce.number().int().min(0).max(65535).safeParse(raw);
  if (!parsed.success) throw new ConfigError(`${name} must be a port number between 0 and 65535, got "${raw}"`);
  return parsed.data;
}

/** A whole number from 0 to `max` (counts, sizes, milliseconds). */
export function readWholeNumber(env: Env, name: string, fallback: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) > max) throw new ConfigError(`${name} must be a whole number from 0 to ${max}, got "${raw}"`);
  return Number(raw);
}

export function readUrl(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  try {
    return new URL(raw).toString().replace(/\/$/, '');
  } catch {
    throw new ConfigError(`${name} must be a URL, got a value that does not parse`);
  }
}

export function readPostgresUrl(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (!/^postgres(ql)?:\/\//.test(raw)) throw new ConfigError(`${name} must be a postgres:// connection string`);
  return raw;
}

/** Secrets are 32 random bytes, base64url; shorter ones are refused rather than padded. */
export function readSecretKey(env: Env, name: string): Buffer | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const bytes = Buffer.from(raw, 'base64url');
  if (bytes.length !== 32) throw new ConfigError(`${name} must be 32 bytes encoded as base64url (43 characters)`);
  return bytes;
}

export function readToken(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (raw.length < 24) throw new ConfigError(`${name} must be at least 24 characters`);
  return raw;
}

export function isProduction(env: Env): boolean {
  return env.NODE_ENV === 'production';
}

/** `RADCRED_DATA_DIR` (default `./data`): PGlite directories and the demo seed live under it. */
export function readDataDir(env: Env): string {
  const raw = env.RADCRED_DATA_DIR;
  return path.resolve(raw === undefined || raw === '' ? './data' : raw);
}

export function readString(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  return raw === undefined || raw === '' ? fallback : raw;
}
