import { homedir } from 'node:os';
import path from 'node:path';
import type { ScryptParams } from '../core/crypto/keyEncryption.ts';
import { WalletError } from './errors.ts';

/**
 * The only reader of the environment in wallet-cli (DESIGN §2). Everything else receives a
 * WalletConfig, so tests can drive the program in-process with their own values.
 */
export interface WalletConfig {
  /** The wallet directory. */
  readonly home: string;
  /** The passphrase for non-interactive use, or undefined to prompt on a terminal. */
  readonly passphrase: string | undefined;
  /** NO_COLOR is set (https://no-color.org): never colour, even on a terminal. */
  readonly noColor: boolean;
  /** HTTP timeout per request, milliseconds. */
  readonly httpTimeoutMs: number;
  /**
   * Tests only: a cheaper scrypt cost for new wallets and backups (RADWALLET_TEST_SCRYPT_LOG2N,
   * 14..20). Undefined = core/crypto's production default (2^17). Opening always uses the
   * parameters recorded in the file.
   */
  readonly scryptParams: ScryptParams | undefined;
}

export type Env = Readonly<Record<string, string | undefined>>;

export const DEFAULT_HTTP_TIMEOUT_MS = 15_000;

export function loadWalletConfig(env: Env = process.env): WalletConfig {
  const home = env.RADWALLET_HOME !== undefined && env.RADWALLET_HOME !== '' ? path.resolve(env.RADWALLET_HOME) : path.join(homedir(), '.radwallet');
  const passphrase = env.RADWALLET_PASSPHRASE === undefined || env.RADWALLET_PASSPHRASE === '' ? undefined : env.RADWALLET_PASSPHRASE;
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return {
    home,
    passphrase,
    noColor,
    httpTimeoutMs: readTimeout(env.RADWALLET_HTTP_TIMEOUT_MS),
    scryptParams: readTestScrypt(env.RADWALLET_TEST_SCRYPT_LOG2N),
  };
}

function readTimeout(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_HTTP_TIMEOUT_MS;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 100 || value > 600_000) {
    throw new WalletError('wallet.usage', `RADWALLET_HTTP_TIMEOUT_MS must be a whole number of milliseconds between 100 and 600000, got "${raw}"`);
  }
  return value;
}

function readTestScrypt(raw: string | undefined): ScryptParams | undefined {
  if (raw === undefined || raw === '') return undefined;
  const log2n = Number(raw);
  if (!Number.isInteger(log2n) || log2n < 14 || log2n > 20) {
    throw new WalletError('wallet.usage', `RADWALLET_TEST_SCRYPT_LOG2N must be a whole number from 14 to 20, got "${raw}"`);
  }
  return { N: 2 ** log2n, r: 8, p: 1 };
}
