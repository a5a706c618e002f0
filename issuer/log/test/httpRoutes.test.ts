import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import test from 'ava';
import { sql } from 'kysely';
import { backendsUnderTest, closeDatabasesAfter, createTestDatabase, sharedDatabase } from '../../../core/db/testing/testDatabase.ts';
import {
  decodeBase64Strict,
  decodeEntryBundle,
  decodeTile,
  fromHex,
  leafHash,
  MemoryTree,
  openCheckpoint,
  verifierFromKey,
  verifyConsistency,
  verifyInclusion,
  verifyTlogProof,
} from '../../../core/log/index.ts';
import { boundedFetchText } from '../../../core/verify/boundedFetch.ts';
import { createLogMonitor } from '../../../core/verify/logMonitor.ts';
import type { CredentialLog } from '../credentialLog.ts';
import { allLeafHashes } from '../logStore.ts';
import { asLogDb, entries, openTestLog, randomTag } from './support/logFixtures.ts';
import { serveLog } from './support/serveLog.ts';

/**
 * The log's HTTP routes over real HTTP: content types, cache headers, C2SP tiles and entry bundles
 * checked against an independent in-memory tree, proofs, receipts, bad input (400/404 problem+json,
 * nothing written), core/verify's log monitor following the served log and catching a fork, and —
 * where Go and golang.org/x/mod are installed — an independent Go client.
 */

// Registered before the databases' own cleanup, so servers and logs stop before their database closes.
const cleanups: Array<() => Promise<void>> = [];
test.after.always(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});
closeDatabasesAfter(test);

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));

interface Served {
  readonly log: CredentialLog;
  readonly url: string;
  readonly db: ReturnType<typeof asLogDb>;
  readonly tag: string;
}

const served = new Map<string, Promise<Served>>();

/** One served log per backend for the whole file: 300 entries (a full tile, partial tiles, level 1). */
function servedLog(backend: 'pglite' | 'postgres'): Promise<Served> {
  let entry = served.get(backend);
  if (entry === undefined) {
    entry = (async () => {
      const handle = await sharedDatabase('issuer', backend);
      const log = await openTestLog(handle.db);
      const tag = randomTag();
      await log.append(entries(tag, 300));
      const server = await serveLog(log, handle.db);
      cleanups.push(async () => {
        await server.close();
        await log.stop();
      });
      return { log, url: server.url, db: asLogDb(handle.db), tag };
    })();
    served.set(backend, entry);
  }
  return entry;
}

async function get(url: string): Promise<{ status: number; type: string; cache: string; bytes: Uint8Array; text: string }> {
  const response = await fetch(url);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    cache: response.headers.get('cache-control') ?? '',
    bytes,
    text: Buffer.from(bytes).toString('utf8'),
  };
}

async function storedTree(db: ReturnType<typeof asLogDb>): Promise<MemoryTree> {
  return MemoryTree.fromLeafHashes((await allLeafHashes(db)).map((l) => l.leafHash));
}

for (const backend of backendsUnderTest()) {
  test.serial(`checkpoint and key: signed note verifiable with the served key, text/plain, not cached [${backend}]`, async (t) => {
    const { url, log, db } = await servedLog(backend);
    const key = await get(`${url}/log/key`);
    t.is(key.status, 200);
    t.is(key.type, 'text/plain; charset=utf-8');
    t.is(key.text, log.verifierKey);
    const checkpoint = await get(`${url}/log/checkpoint`);
    t.is(checkpoint.status, 200);
    t.is(checkpoint.type, 'text/plain; charset=utf-8');
    t.is(checkpoint.cache, 'no-cache');
    const opened = openCheckpoint(checkpoint.text, { log: verifierFromKey(key.text) });
    const tree = await storedTree(db);
    t.is(opened.checkpoint.size, tree.size);
    t.deepEqual(opened.checkpoint.root, tree.root());
  });

  test.serial(`tiles and entry bundles follow C2SP tlog-tiles; full tiles are immutable [${backend}]`, async (t) => {
    const { url, db } = await servedLog(backend);
    const tree = await storedTree(db);
    const size = Number(tree.size);
    t.true(size >= 300);
    const full = await get(`${url}/log/tile/0/000`);
    t.is(full.status, 200);
    t.is(full.type, 'application/octet-stream');
    t.is(full.cache, 'public, max-age=31536000, immutable');
    t.deepEqual(decodeTile(full.bytes, 256), Array.from({ length: 256 }, (_, i) => tree.getNodeSync(0, BigInt(i))));

    const partialWidth = size - 256;
    const partial = await get(`${url}/log/tile/0/001.p/${partialWidth}`);
    t.is(partial.status, 200);
    t.not(partial.cache, full.cache);
    t.deepEqual(decodeTile(partial.bytes, partialWidth), Array.from({ length: partialWidth }, (_, i) => tree.getNodeSync(0, BigInt(256 + i))));
    // Level 1 holds Merkle level 8: the one complete 256-leaf subtree.
    const upper = await get(`${url}/log/tile/1/000.p/1`);
    t.deepEqual(decodeTile(upper.bytes, 1), [tree.getNodeSync(8, 0n)]);

    const bundle = await get(`${url}/log/tile/entries/000`);
    t.is(bundle.cache, 'public, max-age=31536000, immutable');
    const bundled = decodeEntryBundle(bundle.bytes);
    t.is(bundled.length, 256);
    bundled.forEach((entry, i) => t.deepEqual(leafHash(entry), tree.getNodeSync(0, BigInt(i))));
    const lastBundle = decodeEntryBundle((await get(`${url}/log/tile/entries/001.p/${partialWidth}`)).bytes);
    t.is(lastBundle.length, partialWidth);

    for (const missing of [`tile/0/001`, `tile/0/002.p/1`, `tile/1/000`, `tile/2/000.p/1`, `tile/entries/001`, `tile/0/001.p/${partialWidth + 1}`]) {
      const response = await get(`${url}/log/${missing}`);
      t.is(response.status, 404, missing);
      t.is(response.type, 'application/problem+json', missing);
    }
    for (const malformed of ['tile/0/1', 'tile/0/x000/001', 'tile/0/000.p/256', 'tile/0/000.p/0', 'tile/00/000', 'tile/64/000', 'tile/entries/000.p/07', 'tile/0/-01']) {
      const response = await get(`${url}/log/${malformed}`);
      t.is(response.status, 400, malformed);
      t.is(JSON.parse(response.text).status, 400, malformed);
    }
  });

  test.serial(`inclusion and consistency proofs verify against signed checkpoints [${backend}]`, async (t) => {
    const { url, db, log } = await servedLog(backend);
    const tree = await storedTree(db);
    const checkpoint = openCheckpoint(await log.latestCheckpoint(), { log: verifierFromKey(log.verifierKey) }).checkpoint;
    for (const index of [0n, 1n, 255n, 256n, tree.size - 1n]) {
      for (const size of [index + 1n, tree.size]) {
        const hash = tree.getNodeSync(0, index);
        const response = await get(`${url}/log/proof/inclusion?hash=${Buffer.from(hash).toString('hex')}&size=${size}`);
        t.is(response.status, 200);
        t.regex(response.type, /^application\/json/);
        const body = JSON.parse(response.text) as { index: number; treeSize: number; proof: string[] };
        t.is(body.index, Number(index));
        t.is(body.treeSize, Number(size));
        const proof = body.proof.map((p) => decodeBase64Strict(p)!);
        t.notThrows(() => verifyInclusion({ leafHash: hash, index, treeSize: size, proof, root: tree.root(size) }));
      }
    }
    for (const [from, to] of [[0n, 5n], [1n, 2n], [7n, 8n], [100n, 256n], [256n, checkpoint.size], [3n, checkpoint.size], [checkpoint.size, checkpoint.size]] as const) {
      const response = await get(`${url}/log/proof/consistency?from=${from}&to=${to}`);
      t.is(response.status, 200);
      const body = JSON.parse(response.text) as { from: number; to: number; proof: string[] };
      t.deepEqual([body.from, body.to], [Number(from), Number(to)]);
      const proof = body.proof.map((p) => decodeBase64Strict(p)!);
      t.notThrows(() =>
        verifyConsistency({ size1: from, size2: to, root1: tree.root(from), root2: tree.root(to), proof, oldSizeZero: 'accept' }),
      );
    }
  });

  test.serial(`receipts are C2SP tlog-proof files verifiable offline [${backend}]`, async (t) => {
    const { url, log, tag } = await servedLog(backend);
    const entry = entries(tag, 1, 42)[0]!;
    const credentialHex = entry.credentialHash.slice('sha256:'.length);
    const response = await get(`${url}/log/receipts/${credentialHex}`);
    t.is(response.status, 200);
    t.is(response.type, 'text/plain; charset=utf-8');
    t.true(response.text.startsWith('c2sp.org/tlog-proof@v1\nindex '));
    const { leafHash: expected } = (await log.receiptForCredential(credentialHex))!;
    const verified = verifyTlogProof(response.text, fromHex(expected), { log: verifierFromKey(log.verifierKey) });
    t.true(verified.index >= 42n);
    t.is((await get(`${url}/log/receipts/${'0'.repeat(64)}`)).status, 404);
    t.is((await get(`${url}/log/receipts/xyz`)).status, 400);
  });

  test.serial(`bad input answers 400/404 problem+json and writes nothing [${backend}]`, async (t) => {
    const { url, db, log } = await servedLog(backend);
    const counts = async () =>
      (await sql<{ n: string }>`select (select count(*) from log_entries) + (select count(*) from log_queue) + (select count(*) from log_checkpoints) as n`.execute(db))
        .rows[0]?.n;
    const before = await counts();
    const size = openCheckpoint(await log.latestCheckpoint(), { log: verifierFromKey(log.verifierKey) }).checkpoint.size;
    const known = Buffer.from((await storedTree(db)).getNodeSync(0, 3n)).toString('hex');
    const cases: Array<[string, number]> = [
      [`proof/inclusion?hash=${known.slice(2)}&size=${size}`, 400],
      [`proof/inclusion?hash=${known.replace(/^../, 'zz')}&size=${size}`, 400],
      [`proof/inclusion?hash=${known}`, 400],
      [`proof/inclusion?hash=${known}&size=${size + 1n}`, 400],
      [`proof/inclusion?hash=${known}&size=-1`, 400],
      [`proof/inclusion?hash=${known}&size=1e3`, 400],
      [`proof/inclusion?hash=${known}&size=007`, 400],
      [`proof/inclusion?hash=${known}&size=0x10`, 400],
      [`proof/inclusion?hash=${known}&size=3`, 400],
      [`proof/inclusion?hash=${known}&size=18446744073709551616`, 400],
      [`proof/inclusion?hash=${known}&size=4&size=5`, 400],
      [`proof/inclusion?hash=${'ab'.repeat(32)}&size=${size}`, 404],
      [`proof/consistency?from=5&to=4`, 400],
      [`proof/consistency?from=1&to=${size + 1n}`, 400],
      [`proof/consistency?from=-1&to=4`, 400],
      [`proof/consistency?from=1.5&to=4`, 400],
      [`proof/consistency?to=4`, 400],
      [`tile/9/000`, 404],
      [`tile/entries/x001/000`, 404],
      [`nothing-here`, 404],
    ];
    for (const [pathAndQuery, status] of cases) {
      const response = await get(`${url}/log/${pathAndQuery}`);
      t.is(response.status, status, pathAndQuery);
      t.is(response.type, 'application/problem+json', pathAndQuery);
      const problem = JSON.parse(response.text) as { status: number; type: string; detail?: string };
      t.is(problem.status, status, pathAndQuery);
    }
    const post = await fetch(`${url}/log/checkpoint`, { method: 'POST' });
    t.is(post.status, 405);
    t.is(await counts(), before, 'nothing written');
  });

  test.serial(`an independent Go client (golang.org/x/mod sumdb/note + tlog) verifies checkpoint, tiles, proofs and receipts [${backend}]`, async (t) => {
    const goPath = '/usr/share/gocode';
    const hasGo = await run('go', ['version']).then(() => true, () => false);
    if (!hasGo || !existsSync(path.join(goPath, 'src/golang.org/x/mod/sumdb/tlog'))) {
      // CI installs them (.ci/run) and requires this check; a developer machine may lack them.
      if (process.env.RADCRED_REQUIRE_GO_INTEROP === '1') {
        t.fail('Go and golang.org/x/mod are required here (Debian: golang-go golang-golang-x-mod-dev)');
        return;
      }
      t.log('not run: needs Go and golang.org/x/mod (Debian: golang-go golang-golang-x-mod-dev)');
      t.pass();
      return;
    }
    const { url, log, tag } = await servedLog(backend);
    const work = await mkdtemp(path.join(tmpdir(), 'c2spclient-'));
    t.teardown(() => rm(work, { recursive: true, force: true }));
    const binary = path.join(work, 'c2spclient');
    const env = { ...process.env, GO111MODULE: 'off', GOPATH: goPath, GOCACHE: path.join(tmpdir(), 'radcred-go-cache') };
    await run('go', ['build', '-o', binary, path.join(here, 'interop/c2spclient.go')], { env });
    const credentials = [0, 1, 299].map((i) => entries(tag, 1, i)[0]!.credentialHash.slice('sha256:'.length));
    const { stdout } = await run(binary, [url, log.verifierKey, ...credentials]);
    t.regex(stdout, /^ok size=\d+ receipts=3$/m);
  });

  test.serial(`the log monitor follows the served log and catches a fork signed with the same key [${backend}]`, async (t) => {
    const { url, log, db } = await servedLog(backend);
    const tag = randomTag();
    const monitor = createLogMonitor({ verifierKey: log.verifierKey, baseUrl: url, fetchText: boundedFetchText });
    const first = await monitor.update();
    t.true(first.ok && first.advanced);
    const start = monitor.trusted()!.size;
    const early = await log.append(entries(tag, 5));
    await log.append(entries(tag, 9, 5));
    const grown = await monitor.update();
    t.true(grown.ok && grown.advanced && grown.checkpoint.size === start + 14n);
    // A receipt's older checkpoint is proved a prefix of the trusted one.
    const receiptCheckpoint = early[0]!.proof.slice(early[0]!.proof.indexOf('\n\n') + 2);
    const older = await monitor.check(receiptCheckpoint);
    t.true(older.ok && !older.advanced && older.checkpoint.size === start + 5n);

    // The fork: another database given the same key row, holding other entries, a larger tree.
    const forkDb = await createTestDatabase('issuer', backend);
    t.teardown(() => forkDb.close());
    const keyRow = await db.selectFrom('log_keys').selectAll().executeTakeFirstOrThrow();
    await asLogDb(forkDb.db)
      .insertInto('log_keys')
      .values({ origin: keyRow.origin, verifier_key: keyRow.verifier_key, encrypted_seed: keyRow.encrypted_seed })
      .execute();
    const forked = await openTestLog(forkDb.db);
    t.teardown(() => forked.stop());
    t.is(forked.verifierKey, log.verifierKey);
    await forked.append(entries(randomTag(), Number(start) + 20));
    const forkServer = await serveLog(forked, forkDb.db);
    t.teardown(() => forkServer.close());

    const fooled = createLogMonitor({
      verifierKey: log.verifierKey,
      baseUrl: forkServer.url,
      fetchText: boundedFetchText,
      trustedCheckpoint: monitor.trusted()!.note,
    });
    const result = await fooled.update();
    t.is(result.ok ? 'ok' : result.code, 'log.checkpoint.inconsistent');
    t.is(fooled.trusted()?.size, start + 14n, 'the trusted checkpoint stays');
    // The main log's monitor, shown the fork's checkpoint, rejects it too: the main log cannot prove it.
    const shown = await monitor.check(await forked.latestCheckpoint());
    t.is(shown.ok ? 'ok' : shown.code, 'log.checkpoint.inconsistent');
  });
}
