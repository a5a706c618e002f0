import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Two processes opening one PGlite directory corrupt it (DESIGN §9). An exclusive lock file beside
 * the directory (`<dataDir>.lock`, created with O_EXCL, holding the owner's pid) turns that into a
 * clear start-up error. A lock left by a process that no longer exists is taken over.
 */
export class DatabaseLockedError extends Error {
  readonly code = 'db.locked';
  readonly ownerPid: number;
  constructor(dataDir: string, lockFile: string, pid: number) {
    super(
      `the database ${dataDir} is in use by another process (pid ${pid}); stop it first or use another RADCRED_DATA_DIR ` +
        `(if pid ${pid} is not a RadCred process, delete ${lockFile})`,
    );
    this.name = 'DatabaseLockedError';
    this.ownerPid = pid;
  }
}

export interface DirectoryLock {
  readonly file: string;
  release(): Promise<void>;
}

/**
 * Lock files this process holds. A lock file naming our own pid that is not in here was left by an
 * earlier process that had the same pid (a restarted container's pid 1, say): it is stale.
 */
const heldByThisProcess = new Set<string>();

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user; only ESRCH means it is gone.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(file: string): Promise<number | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function isHeldElsewhere(file: string, owner: number | undefined): owner is number {
  if (owner === undefined) return false;
  if (owner === process.pid) return heldByThisProcess.has(file);
  return processAlive(owner);
}

/**
 * Removes a stale lock without ever removing a live one: the file is first renamed aside (only one
 * racing process can win that), then re-read; if a live owner had replaced it in the meantime it is
 * linked back (link refuses to overwrite, so nobody's fresh lock is lost).
 */
async function removeStale(file: string): Promise<void> {
  const aside = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.stale`);
  try {
    await rename(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const owner = await readOwner(aside);
  if (isHeldElsewhere(file, owner)) await link(aside, file).catch(() => undefined);
  await rm(aside, { force: true });
}

export async function acquireDirectoryLock(dataDir: string): Promise<DirectoryLock> {
  const file = `${path.resolve(dataDir)}.lock`;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const handle = await open(file, 'wx', 0o600);
      try {
        await handle.writeFile(`${process.pid}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      heldByThisProcess.add(file);
      let released = false;
      return {
        file,
        release: async () => {
          if (released) return;
          released = true;
          heldByThisProcess.delete(file);
          await rm(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = await readOwner(file);
    if (isHeldElsewhere(file, owner)) throw new DatabaseLockedError(dataDir, file, owner);
    if (owner === undefined) {
      // Empty or unreadable: its creator may be between open() and write(); give it a moment first.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const again = await readOwner(file);
      if (isHeldElsewhere(file, again)) throw new DatabaseLockedError(dataDir, file, again);
    }
    await removeStale(file);
  }
  throw new Error(`could not take the lock ${file}: other processes keep replacing it`);
}
