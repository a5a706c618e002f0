import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { openDatabase, type DatabaseHandle } from '../../../core/db/connect.ts';
import { backendsUnderTest, createTestDatabase } from '../../../core/db/testing/testDatabase.ts';
import { MemoryTree, openCheckpoint, verifierFromKey } from '../../../core/log/index.ts';
import { allLeafHashes, checkpointsFrom } from '../logStore.ts';
import { asLogDb, openTestLog, randomTag } from './support/logFixtures.ts';

/**
 * A real issuer process is killed (SIGKILL) in the middle of appending. Restarted, the log must hold
 * every entry that process acknowledged — receipts it got and enqueues it committed — at indexes
 * 0..n-1 with no gap, and the root recomputed from the stored leaves must be the last checkpoint's.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const CHILD = path.join(here, 'support/appendUntilKilled.ts');

/** Runs the child until it has acknowledged at least `minAcks` entries, then kills it mid-stream. */
async function runAndKill(target: string, tag: string, minAcks: number, mode = 'sequential'): Promise<{ acked: string[]; queued: string[] }> {
  const child: ChildProcess = spawn(process.execPath, ['--import=tsx', CHILD, target, tag, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  const acked: string[] = [];
  const queued: string[] = [];
  let stderr = '';
  let buffered = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child acknowledged only ${acked.length} entries in time; stderr: ${stderr.slice(0, 2000)}`));
    }, 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        // Only complete lines count: a line cut by the kill was never acknowledged.
        const [word, hash] = line.split(' ');
        if (word === 'ack' && hash) acked.push(hash);
        if (word === 'queued' && hash) queued.push(hash);
      }
      if (acked.length >= minAcks && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') resolve({ acked, queued });
      else reject(new Error(`child exited with ${code}: ${stderr.slice(0, 2000)}`));
    });
  });
}

async function assertRecovered<DB>(t: import('ava').ExecutionContext, handle: DatabaseHandle<DB>, acknowledged: string[]): Promise<void> {
  t.is(new Set(acknowledged).size, acknowledged.length, 'the child acknowledged each entry once');
  const log = await openTestLog(handle.db);
  log.start();
  const receipts = await log.awaitReceipts(acknowledged);
  t.is(receipts.length, acknowledged.length);
  const db = asLogDb(handle.db);
  const leaves = await allLeafHashes(db);
  leaves.forEach((leaf, i) => t.is(leaf.leafIndex, BigInt(i)));
  const stored = new Set(leaves.map((leaf) => Buffer.from(leaf.leafHash).toString('hex')));
  t.true(acknowledged.every((hash) => stored.has(hash)), 'every acknowledged entry is in the log');
  t.is(stored.size, leaves.length, 'no entry logged twice');
  const tree = MemoryTree.fromLeafHashes(leaves.map((leaf) => leaf.leafHash));
  const latest = openCheckpoint(await log.latestCheckpoint(), { log: verifierFromKey(log.verifierKey) }).checkpoint;
  t.is(latest.size, tree.size);
  t.deepEqual(latest.root, tree.root(), 'root recomputed from stored leaves = last checkpoint root');
  for (const checkpoint of await checkpointsFrom(db, 0n)) t.deepEqual(checkpoint.root, tree.root(checkpoint.size));
  await log.stop();
}

for (const backend of backendsUnderTest()) {
  // Grouped: many concurrent single-entry appends share batch transactions (their group commit);
  // killed mid-way, every entry the child got a receipt for, or queued and committed, is logged.
  test(`an issuer process killed amid grouped single-entry appends loses no acknowledged entry [${backend}]`, async (t) => {
    const tag = randomTag();
    const minAcks = backend === 'postgres' ? 400 : 120;
    const handle = await createTestDatabase('issuer', backend);
    t.teardown(() => handle.close());
    if (backend === 'postgres') {
      const { acked, queued } = await runAndKill(handle.url!, tag, minAcks, 'grouped');
      t.true(acked.length >= minAcks);
      t.true(queued.length > 0);
      await assertRecovered(t, handle, [...acked, ...queued]);
      return;
    }
    const work = await mkdtemp(path.join(tmpdir(), 'radcred-crash-'));
    t.teardown(() => rm(work, { recursive: true, force: true }));
    const dump = await handle.pglite!.dumpDataDir('gzip');
    await handle.close();
    const templateFile = path.join(work, 'template.tar.gz');
    await writeFile(templateFile, new Uint8Array(await dump.arrayBuffer()));
    const dataDir = path.join(work, 'issuer');
    const { acked, queued } = await runAndKill(`pglite:${dataDir}:${templateFile}`, tag, minAcks, 'grouped');
    t.true(acked.length >= minAcks);
    const restarted = await openDatabase<unknown>({ kind: 'pglite', dataDir });
    t.teardown(() => restarted.close());
    await assertRecovered(t, restarted, [...acked, ...queued]);
  });

  test(`an issuer process killed mid-append loses no acknowledged entry [${backend}]`, async (t) => {
    const tag = randomTag();
    if (backend === 'postgres') {
      const handle = await createTestDatabase('issuer', 'postgres');
      t.teardown(() => handle.close());
      const { acked, queued } = await runAndKill(handle.url!, tag, 60);
      t.true(acked.length >= 60);
      await assertRecovered(t, handle, [...acked, ...queued]);
      return;
    }
    // PGlite: the child owns a data directory (seeded from the migrated template); after the kill
    // this process opens the same directory, as a restarted issuer would.
    const work = await mkdtemp(path.join(tmpdir(), 'radcred-crash-'));
    t.teardown(() => rm(work, { recursive: true, force: true }));
    const template = await createTestDatabase('issuer', 'pglite');
    const dump = await template.pglite!.dumpDataDir('gzip');
    await template.close();
    const templateFile = path.join(work, 'template.tar.gz');
    await writeFile(templateFile, new Uint8Array(await dump.arrayBuffer()));
    const dataDir = path.join(work, 'issuer');
    const { acked, queued } = await runAndKill(`pglite:${dataDir}:${templateFile}`, tag, 40);
    t.true(acked.length >= 40);
    const handle = await openDatabase<unknown>({ kind: 'pglite', dataDir });
    t.teardown(() => handle.close());
    await assertRecovered(t, handle, [...acked, ...queued]);
  });
}
