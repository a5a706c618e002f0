import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExecutionContext } from 'ava';

/** Drives the real radwallet binary as a subprocess, the way a person or a script would. */
export const BIN = fileURLToPath(new URL('../../bin/radwallet.js', import.meta.url));
export const PASSPHRASE = 'correct horse battery staple';
/** Cheapest scrypt core/crypto allows, for tests only (production default is 2^17). */
export const TEST_SCRYPT_LOG2N = '14';

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runRadwallet(args: readonly string[], options: { home: string; env?: Record<string, string | undefined>; cwd?: string }): Promise<CliResult> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    RADWALLET_HOME: options.home,
    RADWALLET_PASSPHRASE: PASSPHRASE,
    RADWALLET_TEST_SCRYPT_LOG2N: TEST_SCRYPT_LOG2N,
    ...options.env,
  })) {
    if (value !== undefined) env[key] = value;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, cwd: options.cwd ?? process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A temporary directory removed after the test; the wallet home is `<dir>/wallet` (not created). */
export async function tempDir(t: ExecutionContext): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'radwallet-test-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** The one line radwallet printed on stderr for an error (fails the test if there is not exactly one). */
export function errorLine(t: ExecutionContext, result: CliResult): string {
  const lines = result.stderr.split('\n').filter((line) => line.startsWith('radwallet: '));
  t.is(lines.length, 1, `expected one error line, got stderr:\n${result.stderr}`);
  return lines[0] ?? '';
}
