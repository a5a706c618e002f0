import { acquireDirectoryLock } from '../../directoryLock.ts';

/** Child process for the lock test: takes the lock of argv[2], says so, and waits to be killed. */
const dataDir = process.argv[2];
if (dataDir === undefined) throw new Error('usage: holdLock.ts <dataDir>');
await acquireDirectoryLock(dataDir);
process.stdout.write('locked\n');
setInterval(() => {}, 60_000);
