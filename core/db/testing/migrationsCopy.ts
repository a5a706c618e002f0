import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listMigrationFiles, migrationsFolder, type ServiceName } from '../migrate.ts';

// Inside the repository, so the copied migrations resolve 'kysely' from its node_modules.
const SCRATCH = fileURLToPath(new URL('../../../node_modules/.cache/radcred/', import.meta.url));

/**
 * A temporary folder holding a copy of `service`'s migrations (those `keep` accepts, all by
 * default) plus `extra` files by name, for tests that migrate to an earlier or a made-up state.
 * The caller removes it.
 */
export async function copyOfMigrations(
  service: ServiceName,
  options: { readonly keep?: (name: string) => boolean; readonly extra?: Readonly<Record<string, string>> } = {},
): Promise<string> {
  await mkdir(SCRATCH, { recursive: true });
  const folder = await mkdtemp(path.join(SCRATCH, 'migrations-'));
  const real = migrationsFolder(service);
  for (const name of await listMigrationFiles(real)) {
    if (options.keep?.(name) ?? true) await copyFile(path.join(real, name), path.join(folder, name));
  }
  for (const [name, text] of Object.entries(options.extra ?? {})) await writeFile(path.join(folder, name), text);
  return folder;
}
