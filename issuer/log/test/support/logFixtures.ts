import { createHash, randomBytes } from 'node:crypto';
import type { ExecutionContext } from 'ava';
import type { Kysely } from 'kysely';
import type { DatabaseHandle } from '../../../../core/db/connect.ts';
import { openSecondConnection } from '../../../../core/db/testing/testDatabase.ts';
import { createLogger, type Logger } from '../../../../core/http/logger.ts';
import type { LogEntry } from '../../../../core/log/index.ts';
import { openCredentialLog, type CredentialLog, type CredentialLogOptions } from '../../credentialLog.ts';
import type { LogDatabase, LogDb } from '../../logDatabase.ts';

/** Shared test fixtures of the credential log tests: entries, a quiet logger, a log on a test database. */

export const TEST_ORIGIN = 'radcred.test/log';
export const TEST_KEK = Buffer.alloc(32, 7);
export const ISSUER_DID = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';

export function quietLogger(): Logger {
  return createLogger({ name: 'log-test', level: 'silent' });
}

/** A distinct, valid issue entry per (tag, i). */
export function issueEntry(tag: string, i: number): LogEntry {
  const credentialHash = createHash('sha256').update(`${tag}:${i}`).digest('hex');
  return { v: 1, kind: 'issue', issuer: ISSUER_DID, credentialHash: `sha256:${credentialHash}`, at: '2026-11-23T10:00:00.000Z' };
}

export function randomTag(): string {
  return randomBytes(6).toString('hex');
}

export function entries(tag: string, count: number, from = 0): LogEntry[] {
  return Array.from({ length: count }, (_, i) => issueEntry(tag, from + i));
}

export async function openTestLog<DB>(db: Kysely<DB>, options: Partial<CredentialLogOptions> = {}): Promise<CredentialLog> {
  return openCredentialLog({
    db: db as unknown as LogDb,
    origin: TEST_ORIGIN,
    keyEncryptionKey: TEST_KEK,
    logger: quietLogger(),
    batchMaxWaitMs: 5,
    ...options,
  });
}

export function asLogDb<DB>(db: Kysely<DB>): Kysely<LogDatabase> {
  return db as unknown as Kysely<LogDatabase>;
}

/**
 * Two issuer "processes" on one database: on PostgreSQL a second connection pool (closed at the
 * test's end), so their sequencers really contend for the advisory lock; PGlite has one
 * connection, so the second is the same handle.
 */
export async function secondProcessDb<DB>(t: ExecutionContext, handle: DatabaseHandle<DB>): Promise<Kysely<unknown>> {
  if (handle.backend !== 'postgres') return handle.db as Kysely<unknown>;
  const other = await openSecondConnection<unknown>((handle as { url?: string }).url!);
  t.teardown(() => other.close());
  return other.db;
}
