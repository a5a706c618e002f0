import test from 'ava';
import { sql } from 'kysely';
import { backendsUnderTest, closeDatabasesAfter, sharedDatabase } from '../../../core/db/testing/testDatabase.ts';
import { formatTlogProof, fromHex, MemoryTree, openCheckpoint, parseTlogProof, verifierFromKey, verifyTlogProof } from '../../../core/log/index.ts';
import type { LogReceipt } from '../credentialLog.ts';
import { allLeafHashes, checkpointsFrom, latestCheckpoint } from '../logStore.ts';
import { asLogDb, entries, issueEntry, openTestLog, randomTag, secondProcessDb } from './support/logFixtures.ts';

/**
 * append() callers without a transaction of their own share batch transactions (their entries are
 * held in memory and logged by the sequencer's next batch, never queued). Strict dedup must hold
 * however the same entry arrives: twice in one call, from concurrent callers, queued by another
 * caller's transaction, or appended by a second process on the same database.
 */

closeDatabasesAfter(test);

function hexOf(receipt: LogReceipt): string {
  return receipt.leafHash;
}

for (const backend of backendsUnderTest()) {
  test.serial(`concurrent callers and a second process logging overlapping entries: each logged once, one index each [${backend}]`, async (t) => {
    const handle = await sharedDatabase('issuer', backend);
    const db = asLogDb(handle.db);
    const second = await secondProcessDb(t, handle);
    const [a, b] = await Promise.all([openTestLog(handle.db, { batchMaxEntries: 32, batchMaxWaitMs: 2 }), openTestLog(second, { batchMaxEntries: 32, batchMaxWaitMs: 2 })]);
    a.start();
    b.start();
    const base = Number((await latestCheckpoint(db))?.size ?? 0n);
    const tag = randomTag();
    const distinct = 120;
    const pick = (i: number) => issueEntry(tag, i % distinct);
    const work: Array<Promise<LogReceipt[]>> = [];
    for (let i = 0; i < 240; i++) {
      // Single entries from both processes (each entry from ≥ 2 callers), pairs with a repeat inside
      // one call, and queued copies committed in callers' own transactions.
      work.push((i % 2 === 0 ? a : b).append([pick(i)]));
      if (i % 5 === 0) work.push(a.append([pick(i + 7), pick(i + 7), pick(i + 8)]));
      if (i % 6 === 0) {
        const log = i % 12 === 0 ? a : b;
        const dbOf = i % 12 === 0 ? handle.db : second;
        work.push(dbOf.transaction().execute((trx) => log.enqueue(trx as never, [pick(i + 3)])).then((hashes) => log.awaitReceipts(hashes)));
      }
    }
    const receipts = (await Promise.all(work)).flat();
    await Promise.all([a.stop(), b.stop()]);

    const leaves = await allLeafHashes(db);
    t.is(leaves.length, base + distinct, 'every distinct entry logged, none twice');
    leaves.forEach((leaf, i) => t.is(leaf.leafIndex, BigInt(i), 'indexes 0..n-1, no gap, no repeat'));
    const indexOf = new Map<string, string>();
    const trust = { log: verifierFromKey(a.verifierKey) };
    for (const receipt of receipts) {
      const seen = indexOf.get(hexOf(receipt));
      if (seen !== undefined) t.is(receipt.leafIndex, seen, 'every receipt of an entry names the same index');
      indexOf.set(hexOf(receipt), receipt.leafIndex);
      t.is(verifyTlogProof(receipt.proof, fromHex(receipt.leafHash), trust).index, BigInt(receipt.leafIndex));
    }
    t.is(indexOf.size, distinct);
    const tree = MemoryTree.fromLeafHashes(leaves.map((leaf) => leaf.leafHash));
    for (const checkpoint of await checkpointsFrom(db, BigInt(base))) t.deepEqual(checkpoint.root, tree.root(checkpoint.size));
    const queue = await sql<{ n: number }>`select count(*)::int as n from log_queue`.execute(handle.db);
    t.is(queue.rows[0]?.n, 0, 'queued copies of logged entries were dropped');
  });

  test.serial(`receipts built in memory equal, byte for byte, those read back from storage [${backend}]`, async (t) => {
    const handle = await sharedDatabase('issuer', backend);
    const log = await openTestLog(handle.db, { batchMaxEntries: 64 });
    const tag = randomTag();
    // Uneven batch sizes so the audit paths cross partial subtrees on the tree's right edge.
    const sizes = [1, 5, 64, 23, 2];
    let from = 0;
    const fromMemory: LogReceipt[] = [];
    for (const size of sizes) {
      fromMemory.push(...(await Promise.all(entries(tag, size, from).map((entry) => log.append([entry])))).flat());
      from += size;
    }
    await log.stop();
    // A fresh log object holds no batches in memory: its receipts come from stored nodes, against the
    // latest checkpoint; compare those of the last batch (same checkpoint) text for text.
    const reopened = await openTestLog(handle.db);
    const last = fromMemory.slice(-sizes[sizes.length - 1]!);
    const fromStorage = await reopened.awaitReceipts(last.map(hexOf));
    t.deepEqual(fromStorage.map((r) => r.proof), last.map((r) => r.proof));
    t.deepEqual(fromStorage.map((r) => r.entry), last.map((r) => r.entry));
    // And each in-memory receipt is what core/log's formatter writes for its proof.
    for (const receipt of fromMemory) {
      const parsed = parseTlogProof(receipt.proof);
      t.is(formatTlogProof(parsed), receipt.proof);
      const opened = openCheckpoint(parsed.checkpoint, { log: verifierFromKey(log.verifierKey) });
      t.is(receipt.treeSize, opened.checkpoint.size.toString());
    }
    await reopened.stop();
  });

  test.serial(`an entry logged long ago, appended again, answers its first index without a new leaf [${backend}]`, async (t) => {
    const handle = await sharedDatabase('issuer', backend);
    const log = await openTestLog(handle.db);
    const db = asLogDb(handle.db);
    const tag = randomTag();
    const [first] = await log.append([issueEntry(tag, 0)]);
    await log.append(entries(tag, 3, 1));
    const size = (await latestCheckpoint(db))?.size;
    const again = await Promise.all([log.append([issueEntry(tag, 0)]), log.append([issueEntry(tag, 0), issueEntry(tag, 2)])]);
    t.is(again[0][0]!.leafIndex, first!.leafIndex);
    t.is(again[1][0]!.leafIndex, first!.leafIndex);
    t.is((await latestCheckpoint(db))?.size, size, 'nothing new was logged');
    await log.stop();
  });
}
