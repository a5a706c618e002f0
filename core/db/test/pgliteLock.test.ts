import test from 'ava';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../connect.ts';
import { DatabaseLockedError, acquireDirectoryLock } from '../directoryLock.ts';
import { pgliteTemplate } from '../testing/testDatabase.ts';

const holdLock = fileURLToPath(new URL('./support/holdLock.ts', import.meta.url));

async function freshDataDir(t: { teardown(fn: () => Promise<void>): void }): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'radcred-lock-'));
  t.teardown(() => rm(root, { recursive: true, force: true }));
  return path.join(root, 'issuer');
}

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

test('a PGlite data directory is opened once at a time in a process, and the lock is released on close', async (t) => {
  const dataDir = await freshDataDir(t);
  // Seeded from the test template: initialising an empty directory would cost seconds.
  const first = await openDatabase({ kind: 'pglite', dataDir, loadDataDir: await pgliteTemplate('issuer') });
  t.is((await readFile(`${dataDir}.lock`, 'utf8')).trim(), String(process.pid), 'the lock file names its owner');
  const error = await t.throwsAsync(openDatabase({ kind: 'pglite', dataDir }), { instanceOf: DatabaseLockedError });
  t.is(error?.code, 'db.locked');
  t.regex(error?.message ?? '', new RegExp(`in use by another process \\(pid ${process.pid}\\)`));
  await first.close();
  await t.throwsAsync(readFile(`${dataDir}.lock`), { code: 'ENOENT' });
  const second = await openDatabase({ kind: 'pglite', dataDir });
  t.teardown(() => second.close());
  t.is((await second.db.selectNoFrom((eb) => eb.lit(1).as('one')).executeTakeFirstOrThrow()).one, 1);
});

test('a lock held by another live process names its pid; once that process dies the lock is taken over', async (t) => {
  const dataDir = await freshDataDir(t);
  const child = spawn(process.execPath, ['--import=tsx', holdLock, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.teardown(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  const [firstOutput] = (await once(child.stdout, 'data')) as [Buffer];
  t.is(firstOutput.toString().trim(), 'locked');

  const error = await t.throwsAsync(openDatabase({ kind: 'pglite', dataDir }), { instanceOf: DatabaseLockedError });
  t.is(error?.ownerPid, child.pid as number);
  t.regex(error?.message ?? '', new RegExp(`pid ${child.pid}\\b`));
  t.true((error?.message ?? '').includes(`${dataDir}.lock`), 'the message says which file to check');

  // A killed process cannot release its lock: the next opener finds its pid dead and takes over.
  child.kill('SIGKILL');
  await once(child, 'exit');
  const handle = await openDatabase({ kind: 'pglite', dataDir, loadDataDir: await pgliteTemplate('issuer') });
  t.teardown(() => handle.close());
  t.is((await readFile(`${dataDir}.lock`, 'utf8')).trim(), String(process.pid));
});

test('stale locks are taken over: a dead pid, our own pid left by an earlier process, an empty file', async (t) => {
  for (const [label, content] of [
    ['dead pid', `${deadPid()}\n`],
    ['own pid, not held by this process (a restarted container)', `${process.pid}\n`],
    ['empty', ''],
  ] as const) {
    const dataDir = await freshDataDir(t);
    await writeFile(`${dataDir}.lock`, content);
    const lock = await acquireDirectoryLock(dataDir);
    t.is((await readFile(lock.file, 'utf8')).trim(), String(process.pid), label);
    await lock.release();
  }
});
