import test from 'ava';
import { sql } from 'kysely';
import { backendsUnderTest, closeDatabasesAfter, sharedDatabase } from '../../../core/db/testing/testDatabase.ts';
import {
  fromHex,
  LogError,
  MemoryTree,
  openCheckpoint,
  parseCheckpoint,
  verifierFromKey,
  verifyConsistency,
  verifyTlogProof,
} from '../../../core/log/index.ts';
import type { CredentialLog, LogReceipt } from '../credentialLog.ts';
import { CredentialLogError } from '../errors.ts';
import { allLeafHashes, checkpointsFrom, latestCheckpoint } from '../logStore.ts';
import { asLogDb, entries, issueEntry, openTestLog, randomTag, TEST_KEK, TEST_ORIGIN, secondProcessDb } from './support/logFixtures.ts';

/**
 * The sequencer and store on each database backend: receipts, dedup, batching, recovery, keys. The
 * tests of a file share one database per backend (a PGlite costs seconds), run serially, and assert
 * relative to the tree size they start from.
 */

closeDatabasesAfter(test);

async function sizeNow(db: ReturnType<typeof asLogDb>): Promise<number> {
  return Number((await latestCheckpoint(db))?.size ?? 0n);
}

function indexes(from: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => String(from + i));
}

async function rowCounts(db: ReturnType<typeof asLogDb>): Promise<{ queue: number; entries: number }> {
  const result = await sql<{ queue: number; entries: number }>`
    select (select count(*)::int from log_queue) as queue, (select count(*)::int from log_entries) as entries`.execute(db);
  return result.rows[0] as { queue: number; entries: number };
}

/** Rebuilds the tree from every stored leaf and checks the latest checkpoint signs its root. */
async function assertStoredTreeMatchesCheckpoint(t: import('ava').ExecutionContext, log: CredentialLog, db: ReturnType<typeof asLogDb>): Promise<bigint> {
  const leaves = await allLeafHashes(db);
  leaves.forEach((leaf, i) => t.is(leaf.leafIndex, BigInt(i), 'indexes are 0..n-1 without gaps'));
  const tree = MemoryTree.fromLeafHashes(leaves.map((leaf) => leaf.leafHash));
  const opened = openCheckpoint(await log.latestCheckpoint(), { log: verifierFromKey(log.verifierKey) });
  t.is(opened.checkpoint.size, BigInt(leaves.length));
  t.deepEqual(opened.checkpoint.root, tree.root());
  return opened.checkpoint.size;
}

for (const backend of backendsUnderTest()) {
  test.serial(`append answers receipts that verify offline against the log key [${backend}]`, async (t) => {
    const handle = await sharedDatabase('issuer', backend);
    const log = await openTestLog(handle.db);
    const db = asLogDb(handle.db);
    const tag = randomTag();
    const base = await sizeNow(db);
    const before = await rowCounts(db);
    const first = await log.append(entries(tag, 3));
    const second = await log.append(entries(tag, 7, 3));
    const receipts = [...first, ...second];
    t.deepEqual(receipts.map((r) => r.leafIndex), indexes(base, 10));
    t.true(second.every((r) => r.treeSize === String(base + 10)));
    const trust = { log: verifierFromKey(log.verifierKey) };
    receipts.forEach((receipt, i) => {
      t.deepEqual(receipt.entry, issueEntry(tag, i));
      const verified = verifyTlogProof(receipt.proof, fromHex(receipt.leafHash), trust);
      t.is(verified.index, BigInt(base + i));
      t.is(verified.checkpoint.origin, TEST_ORIGIN);
    });
    // A receipt against the older checkpoint stays valid and that checkpoint is a prefix of the newer.
    const older = parseCheckpoint(verifyTlogProof(first[0]!.proof, fromHex(first[0]!.leafHash), trust).text);
    const latest = await latestCheckpoint(db);
    const tree = MemoryTree.fromLeafHashes((await allLeafHashes(db)).map((l) => l.leafHash));
    t.notThrows(() => verifyConsistency({ size1: older.size, size2: latest!.size, root1: older.root, root2: latest!.root, proof: tree.consistencyProof(older.size, latest!.size) }));
    await assertStoredTreeMatchesCheckpoint(t, log, db);
    t.deepEqual(await rowCounts(db), { queue: 0, entries: before.entries + 10 });
    await log.stop();
  });

  test.serial(`strict dedup: an identical entry is logged once and answers its first receipt [${backend}]`, async (t) => {
    const handle = await sharedDatabase('issuer', backend);
    const log = await openTestLog(handle.db);
    const db = asLogDb(handle.db);
    const tag = randomTag();
    const [a, b] = entries(tag, 2);
    const base = await sizeNow(db);
    const first = await log.append([a!, a!, b!]);
    t.deepEqual(first.map((r) => r.leafIndex), [String(base), String(base), String(base + 1)]);
    // Re-queued inside a caller's transaction: the same hash comes back and nothing new is queued.
    const hashes = await handle.db.transaction().execute((trx) => log.enqueue(trx as never, [b!, issueEntry(tag, 9)]));
    t.is(hashes[0], first[2]!.leafHash);
    t.deepEqual(await rowCounts(db), { queue: 1, entries: base + 2 });
    const again = await log.awaitReceipts(hashes);
    t.deepEqual(again.map((r) => r.leafIndex), indexes(base + 1, 2));
    t.is(await assertStoredTreeMatchesCheckpoint(t, log, db), BigInt(base + 3));
    await log.stop();
  });

  test.serial(`a bad or oversized entry, or a rolled-back transaction, writes nothing [${backend}]`, async (t) => {
    const handle = await sharedDatabase('issuer', backend);
    const log = await openTestLog(handle.db);
    const db = asLogDb(handle.db);
    const tag = randomTag();
    const before = await rowCounts(db);
    const base = await sizeNow(db);
    const huge = { ...issueEntry(tag, 1), issuer: `did:key:z${'a'.repeat(70_000)}` };
    const badKind = { ...issueEntry(tag, 2), kind: 'burn' } as never;
    for (const [bad, code] of [[huge, 'log.entry.too_large'], [badKind, 'log.entry.invalid']] as const) {
      const error = await t.throwsAsync(log.append([issueEntry(tag, 0), bad]));
      t.true(error instanceof LogError);
      t.is((error as LogError).code, code);
    }
    await t.throwsAsync(
      handle.db.transaction().execute(async (trx) => {
        await log.enqueue(trx as never, entries(tag, 3));
        throw new Error('caller failed after queuing');
      }),
      { message: 'caller failed after queuing' },
    );
    t.deepEqual(await rowCounts(db), before);
    const unknown = await t.throwsAsync(log.awaitReceipts(['ab'.repeat(32)]));
    t.is((unknown as CredentialLogError).code, 'log.entry.unknown');
    const malformed = await t.throwsAsync(log.awaitReceipts(['not-a-hash']));
    t.is((malformed as CredentialLogError).code, 'log.request.malformed');
    t.is(await sizeNow(db), base);
    await log.stop();
  });

  test.serial(`entries queued within a caller's own statement: all or nothing with it, receipts without a state look-up [${backend}]`, async (t) => {
    const handle = await sharedDatabase('issuer', backend);
    const log = await openTestLog(handle.db, { batchMaxWaitMs: 5 });
    const db = asLogDb(handle.db);
    const tag = randomTag();
    const base = await sizeNow(db);
    const before = await rowCounts(db);
    // The statement fails after its queue insert ran: nothing is queued.
    const failing = log.queued(entries(tag, 3));
    await t.throwsAsync(sql`with queued as (${failing.insert}) select 1 / 0`.execute(db));
    t.deepEqual(await rowCounts(db), before);

    const [a, b, c] = entries(tag, 3, 3);
    const [logged] = await log.append([a!]);
    // One entry already logged, one repeated: its hash comes back for each, and it is queued once.
    const queued = log.queued([a!, b!, c!, b!]);
    t.is(queued.leafHashes[0], logged!.leafHash);
    t.is(queued.leafHashes[1], queued.leafHashes[3]);
    await sql`with queued as (${queued.insert}) select count(*) from log_queue`.execute(db);
    t.deepEqual(await rowCounts(db), { queue: 2, entries: before.entries + 1 });
    const receipts = await queued.receipts();
    t.deepEqual(receipts.map((r) => r.leafIndex), [String(base), String(base + 1), String(base + 2), String(base + 1)]);
    t.deepEqual(receipts.map((r) => r.entry), [a, b, c, b]);
    const trust = { log: verifierFromKey(log.verifierKey) };
    for (const receipt of receipts) t.is(verifyTlogProof(receipt.proof, fromHex(receipt.leafHash), trust).index, BigInt(receipt.leafIndex));
    t.is(await assertStoredTreeMatchesCheckpoint(t, log, db), BigInt(base + 3));
    await log.stop();
    t.throws(() => log.queued(entries(tag, 1, 9)), { instanceOf: CredentialLogError, message: /shutting down/ });
  });

  test.serial(`entries queued as a group start their batch at once, without the batch wait [${backend}]`, async (t) => {
    const handle = await sharedDatabase('issuer', backend);
    // A wait far longer than the test: receipts that came after it would time the test out.
    const log = await openTestLog(handle.db, { batchMaxWaitMs: 60_000 });
    const db = asLogDb(handle.db);
    const base = await sizeNow(db);
    const queued = log.queued(entries(randomTag(), 5));
    await sql`with queued as (${queued.insert}) select 1`.execute(db);
    const started = performance.now();
    const receipts = await queued.receipts();
    t.true(performance.now() - started < 30_000, 'the batch did not wait batchMaxWaitMs');
    t.deepEqual(receipts.map((r) => r.leafIndex), indexes(base, 5));
    t.deepEqual(receipts.map((r) => r.treeSize), Array.from({ length: 5 }, () => String(base + 5)), 'one batch, one checkpoint');
    await log.stop();
  });

  test.serial(`batches hold at most batchMaxEntries and every checkpoint is a prefix of the next [${backend}]`, async (t) => {
    const handle = await sharedDatabase('issuer', backend);
    const log = await openTestLog(handle.db, { batchMaxEntries: 16, batchMaxWaitMs: 20 });
    const db = asLogDb(handle.db);
    const tag = randomTag();
    // 40 callers, each its own transaction, awaiting together.
    const base = await sizeNow(db);
    const receipts = (await Promise.all(Array.from({ length: 40 }, (_, i) => log.append(entries(tag, 2, 2 * i))))).flat();
    t.is(new Set(receipts.map((r) => r.leafIndex)).size, 80);
    const checkpoints = await checkpointsFrom(db, BigInt(base));
    const tree = MemoryTree.fromLeafHashes((await allLeafHashes(db)).map((l) => l.leafHash));
    for (let i = 1; i < checkpoints.length; i++) {
      const previous = checkpoints[i - 1]!;
      const current = checkpoints[i]!;
      t.true(current.size - previous.size <= 16n, 'no batch above batchMaxEntries');
      t.deepEqual(current.root, tree.root(current.size));
    }
    t.true(checkpoints.length >= 6, `80 entries in batches of ≤ 16 need ≥ 5 batches (got ${checkpoints.length - 1})`);
    await log.stop();
  });

  test.serial(`a crash between batches loses no acknowledged entry [${backend}]`, async (t) => {
    const handle = await sharedDatabase('issuer', backend);
    const db = asLogDb(handle.db);
    const tag = randomTag();
    const crashed = await openTestLog(handle.db);
    const base = await sizeNow(db);
    const logged = await crashed.append(entries(tag, 5));
    // Queued and committed (acknowledged to the caller), then the process dies before its batch:
    // the log object is dropped without stop().
    const queued = await handle.db.transaction().execute((trx) => crashed.enqueue(trx as never, entries(tag, 7, 5)));
    t.deepEqual(await rowCounts(db), { queue: 7, entries: base + 5 });

    const restarted = await openTestLog(handle.db);
    t.is(restarted.verifierKey, crashed.verifierKey);
    restarted.start();
    const receipts = await restarted.awaitReceipts([...logged.map((r) => r.leafHash), ...queued]);
    t.deepEqual(receipts.map((r) => r.leafIndex), indexes(base, 12));
    t.is(await assertStoredTreeMatchesCheckpoint(t, restarted, db), BigInt(base + 12));
    await restarted.stop();
  });

  test.serial(`start() picks up entries another process left queued; stop() flushes then refuses [${backend}]`, async (t) => {
    const handle = await sharedDatabase('issuer', backend);
    const db = asLogDb(handle.db);
    const tag = randomTag();
    const log = await openTestLog(handle.db, { pollIntervalMs: 20, batchMaxWaitMs: 10_000 });
    const base = await sizeNow(db);
    await handle.db.transaction().execute((trx) => log.enqueue(trx as never, entries(tag, 3)));
    log.start();
    for (let i = 0; i < 100 && (await rowCounts(db)).queue > 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    t.deepEqual(await rowCounts(db), { queue: 0, entries: base + 3 });
    // A waiter whose batch timer has not fired yet is flushed by stop().
    const hashes = await handle.db.transaction().execute((trx) => log.enqueue(trx as never, entries(tag, 2, 3)));
    const pending = log.awaitReceipts(hashes);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await log.stop();
    t.deepEqual((await pending).map((r) => r.leafIndex), indexes(base + 3, 2));
    const refused = await t.throwsAsync(log.append(entries(tag, 1, 10)));
    t.is((refused as CredentialLogError).code, 'log.sequencer.stopped');
    t.deepEqual(await rowCounts(db), { queue: 0, entries: base + 5 }, 'a refused append queues nothing');
  });

  test.serial(`receiptForCredential finds the issue entry; the key persists and is bound to KEK and origin [${backend}]`, async (t) => {
    const handle = await sharedDatabase('issuer', backend);
    const log = await openTestLog(handle.db);
    const tag = randomTag();
    const base = await sizeNow(asLogDb(handle.db));
    const [issued] = await log.append([issueEntry(tag, 1)]);
    const status = { ...issueEntry(tag, 1), kind: 'status' as const, statusPurpose: 'revocation' as const, statusValue: true };
    await log.append([status, issueEntry(tag, 2)]);
    const credentialHex = issueEntry(tag, 1).credentialHash.slice('sha256:'.length);
    const receipt = await log.receiptForCredential(credentialHex);
    t.is(receipt?.leafHash, issued!.leafHash);
    t.is(receipt?.treeSize, String(base + 3));
    t.notThrows(() => verifyTlogProof(receipt!.proof, fromHex(receipt!.leafHash), { log: verifierFromKey(log.verifierKey) }));
    t.is(await log.receiptForCredential('00'.repeat(32)), undefined);
    await t.throwsAsync(log.receiptForCredential('xyz'), { instanceOf: CredentialLogError });

    const reopened = await openTestLog(handle.db);
    t.is(reopened.verifierKey, log.verifierKey);
    t.true(log.verifierKey.startsWith(`${TEST_ORIGIN}+`));
    const wrongKek = await t.throwsAsync(openTestLog(handle.db, { keyEncryptionKey: Buffer.alloc(32, 8) }));
    t.is((wrongKek as CredentialLogError).code, 'log.key.invalid');
    const otherOrigin = await t.throwsAsync(openTestLog(handle.db, { origin: 'other.example/log', keyEncryptionKey: TEST_KEK }));
    t.is((otherOrigin as CredentialLogError).code, 'log.store.origin_mismatch');
    await t.throwsAsync(sql`update log_entries set kind = 'status'`.execute(handle.db), { message: /append-only/ });
    await t.throwsAsync(sql`delete from log_checkpoints`.execute(handle.db), { message: /append-only/ });
    await log.stop();
    await reopened.stop();
  });

  test.serial(`two sequencers on one database never fork, skip or reuse an index [${backend}]`, async (t) => {
    // Two issuer "processes": on PostgreSQL two connection pools, each with its own log, appending
    // concurrently (some of the same entries from both); the advisory lock makes their sequencers
    // take turns. PGlite has one connection: the equivalent runs with two log objects.
    const handle = await sharedDatabase('issuer', backend);
    const db = asLogDb(handle.db);
    const second = await secondProcessDb(t, handle);
    const [a, b] = await Promise.all([
      openTestLog(handle.db, { batchMaxEntries: 24, batchMaxWaitMs: 3 }),
      openTestLog(second, { batchMaxEntries: 24, batchMaxWaitMs: 3 }),
    ]);
    t.is(a.verifierKey, b.verifierKey);
    a.start();
    b.start();
    const base = await sizeNow(db);
    const tag = randomTag();
    const rounds = 12;
    const work: Array<Promise<LogReceipt[]>> = [];
    for (let i = 0; i < rounds; i++) {
      work.push(a.append(entries(tag, 8, i * 20)));
      work.push(b.append(entries(tag, 8, i * 20 + 10)));
      // The same 2 entries from both processes: logged once.
      work.push(a.append(entries(tag, 2, i * 20 + 8)));
      work.push(b.append(entries(tag, 2, i * 20 + 8)));
    }
    const receipts = (await Promise.all(work)).flat();
    await Promise.all([a.stop(), b.stop()]);

    const leaves = await allLeafHashes(db);
    t.is(leaves.length, base + rounds * 18);
    leaves.forEach((leaf, i) => t.is(leaf.leafIndex, BigInt(i), 'indexes 0..n-1, no gap, no repeat'));
    t.is(new Set(leaves.map((l) => Buffer.from(l.leafHash).toString('hex'))).size, leaves.length, 'each entry logged once');
    const byHash = new Map<string, string>();
    for (const receipt of receipts) {
      const seen = byHash.get(receipt.leafHash);
      if (seen !== undefined) t.is(receipt.leafIndex, seen, 'both processes got the same index for a shared entry');
      byHash.set(receipt.leafHash, receipt.leafIndex);
      verifyTlogProof(receipt.proof, fromHex(receipt.leafHash), { log: verifierFromKey(a.verifierKey) });
    }
    // Every checkpoint signs a prefix of the final tree, hence is consistent with every other.
    const tree = MemoryTree.fromLeafHashes(leaves.map((l) => l.leafHash));
    const checkpoints = await checkpointsFrom(db, BigInt(base));
    t.true(checkpoints.length > 2);
    for (const checkpoint of checkpoints) t.deepEqual(checkpoint.root, tree.root(checkpoint.size));
  });
}
