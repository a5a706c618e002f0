import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';

export type ServiceName = 'issuer' | 'verifier';

const MIGRATIONS_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');
const MIGRATION_FILE = /^\d{8}T\d{6}-[a-z0-9-]+\.ts$/;

export class MigrationError extends Error {
  readonly code = 'db.migration.failed';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

export function migrationsFolder(service: ServiceName): string {
  return path.join(MIGRATIONS_ROOT, service);
}

/**
 * The migration files of `folder`, in the order they run. Sub-folders (tests) are skipped; a `.ts`
 * file whose name does not follow `YYYYMMDDTHHMMSS-name.ts` is an error, not silently left out.
 */
export async function listMigrationFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const names: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.d.ts')) continue;
    if (!MIGRATION_FILE.test(entry.name)) {
      throw new MigrationError(
        `${path.join(folder, entry.name)} is not named YYYYMMDDTHHMMSS-name.ts (lower-case name, digits and dashes); rename it so it runs in order`,
      );
    }
    names.push(entry.name);
  }
  return names.sort();
}

/** Imports `YYYYMMDDTHHMMSS-name.ts` files in name order (works under tsx and plain type stripping). */
class FolderMigrationProvider implements MigrationProvider {
  constructor(private readonly folder: string) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const names = await listMigrationFiles(this.folder);
    const migrations: Record<string, Migration> = {};
    for (const name of names) {
      const module = (await import(pathToFileURL(path.join(this.folder, name)).href)) as Partial<Migration>;
      if (typeof module.up !== 'function') throw new MigrationError(`migration ${name} does not export up()`);
      migrations[name.replace(/\.ts$/, '')] = module as Migration;
    }
    return migrations;
  }
}

/**
 * Runs the pending migrations, forward only. kysely runs all of them in one transaction on
 * PostgreSQL and PGlite (DDL is transactional there), so a failing migration leaves the database
 * exactly as it was before this call, and start-up stops with a message naming the migration and
 * the database's reason. Concurrent callers are serialised by kysely's migration lock row.
 */
export async function migrateToLatest<DB>(db: Kysely<DB>, service: ServiceName, options: { folder?: string } = {}): Promise<string[]> {
  const migrator = new Migrator({
    db: db as Kysely<unknown>,
    provider: new FolderMigrationProvider(options.folder ?? migrationsFolder(service)),
    migrationTableName: 'kysely_migration',
    migrationLockTableName: 'kysely_migration_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error !== undefined || failed !== undefined) {
    const reason = error instanceof Error ? error.message : String(error ?? 'unknown error');
    const which = failed ? `migration ${failed.migrationName}` : `the ${service} migrations`;
    const applied = results?.filter((result) => result.status === 'Success').map((result) => result.migrationName) ?? [];
    const rolledBack = applied.length > 0 ? `; rolled back with it: ${applied.join(', ')}` : '';
    throw new MigrationError(`${which} failed on the ${service} database: ${reason}${rolledBack}`, { cause: error });
  }
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}
