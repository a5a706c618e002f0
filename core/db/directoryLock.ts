import { open, readFile, rm } from 'node:fs/promises';

/**
 * Two processes opening one PGlite directory corrupt it (DESIGN §9). An exclusive lock file beside
 * the directory, holding the owner's pid, turns that into a clear start-up error. A lock left by a
 * process that no longer exists is taken over.
 */
export class DatabaseLockedError extends Error {
  readonly code = 'db.locked';
  constructor(dataDir: string, pid: number) {
    super(`the database ${dataDir} is in use by another process (pid ${pid}); stop it first or use another RADCRED_DATA_DIR`);
    this.name = 'DatabaseLockedError';
  }
}

export interface DirectoryLock {
  readonly file: string;
  release(): Promise<void>;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function acquireDirectoryLock(dataDir: string): Promise<DirectoryLock> {
  const file = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx', 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      let released = false;
      return {
        file,
        release: async () => {
          if (released) return;
          released = true;
          await rm(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt((await readFile(file, 'utf8').catch(() => '')).trim(), 10);
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && processAlive(owner)) {
        throw new DatabaseLockedError(dataDir, owner);
      }
      if (owner === process.pid) throw new DatabaseLockedError(dataDir, owner);
      // Stale: its owner is gone. Remove and try once more (O_EXCL keeps a racing process honest).
      await rm(file, { force: true });
    }
  }
  throw new Error(`could not take the lock ${file}`);
}
