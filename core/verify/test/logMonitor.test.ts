import { createHash } from 'node:crypto';
import test from 'ava';
import fc from 'fast-check';
import {
  ed25519NoteSigner,
  encodeBase64,
  LogError,
  MemoryTree,
  signCheckpoint,
  type KeyedNoteSigner,
} from '../../log/index.ts';
import { createLogMonitor, type LogMonitorResult } from '../logMonitor.ts';

/**
 * The log monitor against logs held in memory and served through its fetch function: growth is
 * accepted only with a valid consistency proof, and rollbacks, forks (same key, other entries),
 * bad signatures and lying proofs are coded failures that leave the trusted checkpoint alone. The
 * monitor against the real served log is in issuer/log/test/logMonitorServed.test.ts.
 */

const ORIGIN = 'monitor.test/log';
const SEED = new Uint8Array(32).fill(1);

function leaf(tag: string, i: number): Uint8Array {
  return new Uint8Array(createHash('sha256').update(`${tag}/${i}`).digest());
}

interface FakeLog {
  readonly tree: MemoryTree;
  readonly signer: KeyedNoteSigner;
  /** The size the log currently serves as its checkpoint. */
  served: bigint;
  checkpoint(size?: bigint): string;
  fetchText(url: string): Promise<string>;
  /** URLs fetched, for checking what the monitor asked. */
  readonly fetched: string[];
}

/** A log of `count` leaves; leaves below `sharedPrefix` are the 'main' log's, the rest are tagged. */
function fakeLog(count: number, options: { tag?: string; sharedPrefix?: number; seed?: Uint8Array; origin?: string } = {}): FakeLog {
  const tree = MemoryTree.fromLeafHashes(
    Array.from({ length: count }, (_, i) => (i < (options.sharedPrefix ?? count) ? leaf('main', i) : leaf(options.tag ?? 'fork', i))),
  );
  const signer = ed25519NoteSigner(ORIGIN, options.seed ?? SEED);
  const log: FakeLog = {
    tree,
    signer,
    served: tree.size,
    fetched: [],
    checkpoint: (size = log.served) => signCheckpoint({ origin: options.origin ?? ORIGIN, size, root: tree.root(size), extensions: [] }, [signer]),
    async fetchText(url) {
      log.fetched.push(url);
      if (url === 'https://issuer.test/log/checkpoint') return log.checkpoint();
      const match = /^https:\/\/issuer\.test\/log\/proof\/consistency\?from=(\d+)&to=(\d+)$/.exec(url);
      if (match === null) throw new Error(`unexpected fetch ${url}`);
      const [from, to] = [BigInt(match[1]!), BigInt(match[2]!)];
      return JSON.stringify({ from: Number(from), to: Number(to), proof: tree.consistencyProof(from, to).map(encodeBase64) });
    },
  };
  return log;
}

const KEY = ed25519NoteSigner(ORIGIN, SEED).verifierKey;

function monitorOf(log: Pick<FakeLog, 'fetchText'>, trustedCheckpoint?: string) {
  return createLogMonitor({
    verifierKey: KEY,
    baseUrl: 'https://issuer.test/',
    fetchText: (url) => log.fetchText(url),
    ...(trustedCheckpoint === undefined ? {} : { trustedCheckpoint }),
  });
}

function codeOf(result: LogMonitorResult): string {
  return result.ok ? 'ok' : result.code;
}

test('trusts the first signed checkpoint, then advances only with a consistency proof', async (t) => {
  const log = fakeLog(20);
  log.served = 5n;
  const monitor = monitorOf(log);
  const first = await monitor.update();
  t.true(first.ok && first.advanced && first.checkpoint.size === 5n);
  t.deepEqual(log.fetched, ['https://issuer.test/log/checkpoint']);

  log.served = 13n;
  const second = await monitor.update();
  t.true(second.ok && second.advanced);
  t.is(monitor.trusted()?.size, 13n);
  t.true(log.fetched.includes('https://issuer.test/log/proof/consistency?from=5&to=13'));

  const same = await monitor.update();
  t.true(same.ok && !same.advanced);
  t.is(monitor.trusted()?.note, log.checkpoint(13n));
});

test('a smaller checkpoint from the log is a rollback and changes nothing', async (t) => {
  const log = fakeLog(20);
  const monitor = monitorOf(log, log.checkpoint(12n));
  log.served = 7n;
  const result = await monitor.update();
  t.is(codeOf(result), 'log.checkpoint.rollback');
  t.is(monitor.trusted()?.size, 12n);
});

test('a fork — the same key signing a tree with other entries — is inconsistent', async (t) => {
  const main = fakeLog(10);
  const fork = fakeLog(16, { sharedPrefix: 6 });
  const monitor = monitorOf(fork, main.checkpoint(10n));
  const larger = await monitor.update();
  t.is(codeOf(larger), 'log.checkpoint.inconsistent');
  fork.served = 10n;
  const sameSize = await monitor.update();
  t.is(codeOf(sameSize), 'log.checkpoint.inconsistent', 'equal size, different root');
  t.is(monitor.trusted()?.note, main.checkpoint(10n));
  // Below the fork point the two logs agree: the main log proves the fork's size-6 checkpoint is a
  // prefix of its tree, while the fork's own server cannot prove it against the trusted root.
  t.is(codeOf(await monitor.check(fork.checkpoint(6n))), 'log.checkpoint.inconsistent');
  const prefix = await monitorOf(main, main.checkpoint(10n)).check(fork.checkpoint(6n));
  t.true(prefix.ok && !prefix.advanced);
});

test('signatures: another key, a tampered note or another origin are refused', async (t) => {
  const log = fakeLog(8);
  const monitor = monitorOf(log, log.checkpoint(4n));
  const otherKey = fakeLog(8, { seed: new Uint8Array(32).fill(2) });
  t.is(codeOf(await monitor.check(otherKey.checkpoint(8n))), 'log.checkpoint.bad_signature');
  const tampered = log.checkpoint(8n).replace('\n8\n', '\n9\n');
  t.is(codeOf(await monitor.check(tampered)), 'log.checkpoint.bad_signature');
  t.is(codeOf(await monitor.check('not a note')), 'log.checkpoint.malformed');
  const otherOrigin = fakeLog(8, { origin: 'elsewhere.test/log' });
  t.is(codeOf(await monitor.check(otherOrigin.checkpoint(8n))), 'log.checkpoint.origin_mismatch');
  t.is(monitor.trusted()?.size, 4n);
});

test('a log that cannot or will not prove consistency is not trusted further', async (t) => {
  const log = fakeLog(30);
  const trusted = log.checkpoint(9n);
  const answers: Array<[(url: string) => Promise<string>, string]> = [
    [async () => 'not json', 'log.checkpoint.inconsistent'],
    [async () => JSON.stringify({ from: 1, to: 30, proof: [] }), 'log.checkpoint.inconsistent'],
    [async () => JSON.stringify({ from: 9, to: 30, proof: ['AAAA'] }), 'log.checkpoint.inconsistent'],
    [async () => JSON.stringify({ from: 9, to: 30, proof: [] }), 'log.checkpoint.inconsistent'],
    [async () => JSON.stringify({ from: 9, to: 30, proof: log.tree.consistencyProof(9n, 30n).reverse().map(encodeBase64) }), 'log.checkpoint.inconsistent'],
    [async () => { throw new Error('connection refused'); }, 'log.checkpoint.unreachable'],
  ];
  for (const [answer, code] of answers) {
    const monitor = createLogMonitor({
      verifierKey: KEY,
      fetchText: async (url) => (url.endsWith('/log/checkpoint') ? log.checkpoint(30n) : answer(url)),
      trustedCheckpoint: trusted,
    });
    t.is(codeOf(await monitor.update()), code);
    t.is(monitor.trusted()?.size, 9n);
  }
  const failing = createLogMonitor({ verifierKey: KEY, fetchText: async () => ({ ok: false, status: 503, reason: 'GET answered HTTP 503' }) });
  t.is(codeOf(await failing.update()), 'log.checkpoint.unreachable');
  // A log that refuses to prove a size it signed (400: beyond its tree) is not consistent.
  const refusing = createLogMonitor({
    verifierKey: KEY,
    trustedCheckpoint: trusted,
    fetchText: async (url) => (url.endsWith('/log/checkpoint') ? log.checkpoint(30n) : { ok: false, status: 400, reason: 'HTTP 400' }),
  });
  t.is(codeOf(await refusing.update()), 'log.checkpoint.inconsistent');
});

test('growth from the empty tree needs no proof; a bad pinned key or trusted checkpoint is a configuration error', async (t) => {
  const log = fakeLog(5);
  const monitor = monitorOf(log, log.checkpoint(0n));
  const result = await monitor.update();
  t.true(result.ok && result.advanced);
  t.false(log.fetched.some((url) => url.includes('consistency')));
  t.throws(() => createLogMonitor({ verifierKey: 'nonsense', fetchText: log.fetchText }), { instanceOf: LogError });
  const other = fakeLog(5, { seed: new Uint8Array(32).fill(3) });
  t.throws(() => monitorOf(log, other.checkpoint(3n)), { instanceOf: LogError });
});

test('property: checkpoints of one log are always accepted in order; a fork below the trusted size never is', async (t) => {
  const size = 40;
  const main = fakeLog(size);
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: size }), fc.integer({ min: 1, max: size }), fc.integer({ min: 0, max: size - 1 }), async (a, b, forkAt) => {
      const [m, n] = a <= b ? [a, b] : [b, a];
      const monitor = monitorOf(main, main.checkpoint(BigInt(m)));
      main.served = BigInt(n);
      const grown = await monitor.update();
      if (!grown.ok || grown.checkpoint.size !== BigInt(n)) return false;
      if (forkAt >= m) return true;
      // A log sharing only the first forkAt < m leaves differs inside the trusted tree.
      const fork = fakeLog(size, { sharedPrefix: forkAt, tag: `fork${forkAt}` });
      const forked = await monitorOf(fork, main.checkpoint(BigInt(m))).check(fork.checkpoint(BigInt(Math.max(m, n))));
      return !forked.ok && forked.code === 'log.checkpoint.inconsistent';
    }),
    { numRuns: 60 },
  );
  t.pass();
});
