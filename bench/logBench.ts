import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { sql } from 'kysely';
import type { Backend } from '../core/db/connect.ts';
import { createLogger } from '../core/http/logger.ts';
import {
  assembleProof,
  emptyRoot,
  foldRight,
  nodesOfPlans,
  rootNodes,
  signCheckpoint,
  verifyInclusion,
  type LogEntry,
} from '../core/log/index.ts';
import { nodeKey } from '../core/log/treeShape.ts';
import { fastInclusionProofPlan } from '../issuer/log/fastInclusionPlan.ts';
import { openCredentialLog, type CredentialLog } from '../issuer/log/credentialLog.ts';
import type { LogDb } from '../issuer/log/logDatabase.ts';
import { loadOrCreateLogSigner } from '../issuer/log/logKey.ts';
import { inclusionProofFromStore } from '../issuer/log/logProofs.ts';
import { insertCheckpoint, readNodes } from '../issuer/log/logStore.ts';
import { summarize, type BenchResult, type Timing } from './measure.ts';
import { withScratchDatabase } from './scratchDatabase.ts';

/**
 * Credential log benchmarks (DESIGN §10): the durable append rate — entries whose receipt came back
 * after the batch that logged them committed — on PGlite (a data directory on disk) and PostgreSQL,
 * and inclusion-proof time at 10^6 leaves, both end to end (one indexed query + assembly) and the
 * CPU part alone once the rows are read. Each run uses a scratch database, removed afterwards.
 */

export interface LogBenchOptions {
  /** Also measure on this PostgreSQL (a scratch database is created beside the URL's and dropped). */
  readonly postgresUrl?: string | undefined;
  /** Smaller runs for a smoke test. */
  readonly quick?: boolean;
  /** Leaves of the proof-benchmark tree (default 10^6; 10^5 when quick). */
  readonly proofLeaves?: number;
}

const ORIGIN = 'bench.radcred.localhost/log';
const KEK = randomBytes(32);
const ISSUER = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
const quiet = createLogger({ name: 'log-bench', level: 'silent' });


function entry(run: string, i: number): LogEntry {
  const hash = Buffer.alloc(32);
  hash.write(run, 'hex');
  hash.writeUInt32BE(i, 28);
  return { v: 1, kind: 'issue', issuer: ISSUER, credentialHash: `sha256:${hash.toString('hex')}`, at: '2026-11-23T00:00:00.000Z' };
}

function withLogDatabase<T>(backend: Backend, postgresUrl: string | undefined, fn: (db: LogDb) => Promise<T>): Promise<T> {
  return withScratchDatabase<unknown, T>('issuer', backend, postgresUrl, (handle) => fn(handle.db as unknown as LogDb));
}

type AppendPath = 'append' | 'enqueue';

/**
 * `callers` concurrent callers each log `perAppend` entries at a time until `total` entries have
 * receipts. Path `append`: log.append() (no transaction of the caller's own; many callers' entries
 * share one batch transaction). Path `enqueue`: the issuance path — the caller queues its entries in
 * its own committed transaction, then awaits their receipts. Rate = entries / wall time; every
 * receipt's proof text is read (receipts are part of the measured work).
 */
async function appendRate(
  log: CredentialLog,
  db: LogDb,
  options: { total: number; callers: number; perAppend: number; path?: AppendPath },
): Promise<Timing> {
  const run = randomBytes(8).toString('hex');
  let next = 0;
  let proofBytes = 0;
  const samplesMs: number[] = [];
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: options.callers }, async () => {
      while (next < options.total) {
        const from = next;
        next += options.perAppend;
        const batch = Array.from({ length: options.perAppend }, (_, i) => entry(run, from + i));
        const t0 = process.hrtime.bigint();
        const receipts =
          options.path === 'enqueue'
            ? await log.awaitReceipts(await db.transaction().execute((trx) => log.enqueue(trx, batch)))
            : await log.append(batch);
        for (const receipt of receipts) proofBytes += receipt.proof.length;
        samplesMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (proofBytes === 0) throw new Error('no receipts were read');
  return { samplesMs, totalMs, opsPerSample: options.perAppend };
}

function load1(): string {
  return (loadavg()[0] ?? 0).toFixed(2);
}

async function appendScenarios(db: LogDb, backend: Backend, quick: boolean): Promise<BenchResult[]> {
  const log = await openCredentialLog({ db, origin: ORIGIN, keyEncryptionKey: KEK, logger: quiet });
  log.start();
  const results: BenchResult[] = [];
  try {
    const scenarios: Array<{ callers: number; perAppend: number; total: number; path: AppendPath; what: string }> = [
      { callers: 8, perAppend: 128, total: quick ? 4_096 : 20_480, path: 'append', what: 'bulk appends of 128 entries (issue-batch)' },
      { callers: 256, perAppend: 1, total: quick ? 1_024 : 2_560, path: 'append', what: 'single-entry appends (one issue request each), grouped into shared batch transactions' },
      { callers: 16, perAppend: 256, total: quick ? 8_192 : 40_960, path: 'append', what: 'bulk appends of 256 entries: full batches back to back' },
      { callers: 256, perAppend: 1, total: quick ? 2_048 : 10_240, path: 'append', what: 'single-entry appends, longer run (steady state of the grouped path)' },
      { callers: 8, perAppend: 128, total: quick ? 4_096 : 20_480, path: 'enqueue', what: 'issuance path: 128 entries queued in the caller\'s own committed transaction, then awaitReceipts' },
      { callers: 256, perAppend: 1, total: quick ? 1_024 : 2_560, path: 'enqueue', what: 'issuance path: one entry queued per caller transaction (one commit each), then awaitReceipts' },
    ];
    await appendRate(log, db, { callers: 4, perAppend: 64, total: 1_024 }); // warm-up
    for (const s of scenarios) {
      const timing = await appendRate(log, db, s);
      results.push(
        summarize(`log ${s.path}, ${s.callers} callers × ${s.perAppend} entries [${backend}]`, timing, {
          notes: `entries/s with receipts, durable commit; ${s.what}; batches ≤ 256 entries, first entry after idle waits ${log.batchMaxWaitMs} ms; latency per call; load1 ${load1()}`,
        }),
      );
    }
  } finally {
    await log.stop();
  }
  return results;
}

/**
 * Builds a tree of `leaves` canonical issue entries inside the database in a few set-based
 * statements (leaf hashes with the server's sha256(), then each node level from the one below),
 * then signs its checkpoint from the stored frontier.
 */
async function buildTree(db: LogDb, leaves: number): Promise<{ size: bigint; root: Uint8Array }> {
  // Bulk load without the secondary indexes, then build them once (sorted): ~2× faster than
  // maintaining them row by row. Same definitions as the migration.
  await sql`alter table log_entries drop constraint log_entries_leaf_hash_key`.execute(db);
  await sql`drop index log_entries_issue_by_credential`.execute(db);
  await sql`
    insert into log_entries (leaf_index, leaf_hash, entry, kind, credential_hash)
    select i, sha256('\\x00'::bytea || e), e, 'issue', ch
    from (
      select i, ch, convert_to(
        '{"at":"2026-11-23T00:00:00.000Z","credentialHash":"sha256:' || encode(ch, 'hex') || '","issuer":"' || ${ISSUER} || '","kind":"issue","v":1}',
        'UTF8') as e
      from (select i, sha256(int8send(i)) as ch from generate_series(0::bigint, ${BigInt(leaves - 1)}::bigint) as i) as s
    ) as t`.execute(db);
  await sql`alter table log_entries add constraint log_entries_leaf_hash_key unique (leaf_hash)`.execute(db);
  await sql`create index log_entries_issue_by_credential on log_entries (credential_hash, leaf_index) where kind = 'issue'`.execute(db);
  await sql`
    insert into log_nodes (level, node_index, hash)
    select 1, leaf_index / 2, sha256('\\x01'::bytea || leaf_hash || next_hash)
    from (select leaf_index, leaf_hash, lead(leaf_hash) over (order by leaf_index) as next_hash from log_entries) as pairs
    where leaf_index % 2 = 0 and next_hash is not null`.execute(db);
  for (let level = 2; leaves >> level > 0; level++) {
    await sql`
      insert into log_nodes (level, node_index, hash)
      select ${level}, node_index / 2, sha256('\\x01'::bytea || hash || next_hash)
      from (
        select node_index, hash, lead(hash) over (order by node_index) as next_hash
        from log_nodes where level = ${level - 1}
      ) as pairs
      where node_index % 2 = 0 and next_hash is not null`.execute(db);
  }
  await sql`analyze log_entries`.execute(db);
  await sql`analyze log_nodes`.execute(db);
  const size = BigInt(leaves);
  const frontier = await readNodes(db, rootNodes(size));
  const root = frontier.length === 0 ? emptyRoot() : foldRight(frontier);
  const signer = await loadOrCreateLogSigner(db, ORIGIN, KEK);
  await insertCheckpoint(db, { size, root, note: signCheckpoint({ origin: ORIGIN, size, root, extensions: [] }, [signer]) });
  return { size, root };
}

function randomIndexes(count: number, size: bigint): bigint[] {
  return Array.from({ length: count }, () => BigInt(Math.floor(Math.random() * Number(size))));
}

async function proofScenarios(db: LogDb, backend: Backend, leaves: number, quick: boolean): Promise<BenchResult[]> {
  const buildStarted = Date.now();
  const { size, root } = await buildTree(db, leaves);
  const buildSeconds = ((Date.now() - buildStarted) / 1000).toFixed(1);
  const indexes = randomIndexes(quick ? 200 : 2_000, size);

  // End to end: plan, one query for the O(log n) node rows, assembly.
  for (const index of indexes.slice(0, 20)) await inclusionProofFromStore(db, index, size);
  const endToEnd: number[] = [];
  const started = process.hrtime.bigint();
  for (const index of indexes) {
    const t0 = process.hrtime.bigint();
    await inclusionProofFromStore(db, index, size);
    endToEnd.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const endToEndTiming: Timing = { samplesMs: endToEnd, totalMs: Number(process.hrtime.bigint() - started) / 1e6, opsPerSample: 1 };

  // CPU once the rows are read: rows for every sampled proof are fetched first, then only plan +
  // lookup + hashing is timed. Each proof is checked against the root once, outside the timing.
  const rows = new Map<string, Uint8Array>();
  const allNodes = nodesOfPlans(indexes.flatMap((index) => fastInclusionProofPlan(index, size)));
  for (let i = 0; i < allNodes.length; i += 2_000) {
    const chunk = allNodes.slice(i, i + 2_000);
    const hashes = await readNodes(db, chunk);
    chunk.forEach((node, j) => rows.set(nodeKey(node), hashes[j] as Uint8Array));
  }
  const cpu: number[] = [];
  const cpuStarted = process.hrtime.bigint();
  for (const index of indexes) {
    const t0 = process.hrtime.bigint();
    assembleProof(fastInclusionProofPlan(index, size), (node) => rows.get(nodeKey(node)) as Uint8Array);
    cpu.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const cpuTiming: Timing = { samplesMs: cpu, totalMs: Number(process.hrtime.bigint() - cpuStarted) / 1e6, opsPerSample: 1 };
  for (const index of indexes.slice(0, 50)) {
    const leaf = rows.get(nodeKey({ level: 0, index })) ?? (await readNodes(db, [{ level: 0, index }]))[0]!;
    const proof = assembleProof(fastInclusionProofPlan(index, size), (node) => rows.get(nodeKey(node)) as Uint8Array);
    verifyInclusion({ leafHash: leaf, index, treeSize: size, proof, root });
  }
  const label = size === 1_000_000n ? '10^6' : size.toString();
  return [
    summarize(`inclusion proof at ${label} leaves, end to end [${backend}]`, endToEndTiming, {
      notes: `one indexed query of ≤ 2·log2(n) rows + assembly; tree built in ${buildSeconds} s with set-based inserts`,
    }),
    summarize(`inclusion proof at ${label} leaves, CPU once rows are read [${backend}]`, cpuTiming, {
      notes: 'plan + lookup + SHA-256 folds; target ≤ 0.05 ms',
    }),
  ];
}

export async function benchLog(options: LogBenchOptions = {}): Promise<BenchResult[]> {
  const quick = options.quick ?? false;
  const leaves = options.proofLeaves ?? (quick ? 100_000 : 1_000_000);
  const backends: Backend[] = options.postgresUrl ? ['pglite', 'postgres'] : ['pglite'];
  const results: BenchResult[] = [];
  for (const backend of backends) {
    results.push(...(await withLogDatabase(backend, options.postgresUrl, (db) => appendScenarios(db, backend, quick))));
  }
  // Building a 10^6-leaf tree takes tens of seconds: once, on PostgreSQL when there is one.
  const proofBackend = backends[backends.length - 1] as Backend;
  results.push(...(await withLogDatabase(proofBackend, options.postgresUrl, (db) => proofScenarios(db, proofBackend, leaves, quick))));
  return results;
}

