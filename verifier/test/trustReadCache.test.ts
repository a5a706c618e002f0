import test from 'ava';
import { call, useVerifiers, verifierFor } from './fixtures/harness.ts';
import { miniWorld } from './fixtures/miniSeed.ts';
import { TrustReadCache } from '../services/trustReadCache.ts';

/**
 * The verification path reads the trust registry through a short-lived cache: a change made through
 * this verifier applies to the very next verification; the TTL only bounds how long another
 * process's change takes to be seen.
 */
type Json = Record<string, unknown>;

const backends = useVerifiers(test);

for (const backend of backends) {
  test(`removing a trusted issuer applies to the next verification at once, although its record was just read [${backend}]`, async (t) => {
    const verifier = await verifierFor(backend);
    const world = await miniWorld(verifier);
    t.teardown(() => world.issuer.close());
    const { credential, receipt } = await world.issuer.issue(world.abr, 'BoardCertificationCredential', world.holder.did);
    const before = await call(verifier.url, 'POST', '/credentials/verify', { body: { verifiableCredential: credential, receipt } });
    t.is(before.status, 200, JSON.stringify(before.body));
    const removed = await call(verifier.url, 'DELETE', `/trusted-issuers/${encodeURIComponent(world.abr.did)}`);
    t.true(removed.status === 200 || removed.status === 204, JSON.stringify(removed.body));
    const after = await call(verifier.url, 'POST', '/credentials/verify', { body: { verifiableCredential: credential, receipt } });
    t.is(after.status, 422);
    t.like((after.body.checks as Json[]).find((c) => c.check === 'credential.issuer_trusted'), { ok: false });
  });
}

test('cached reads expire after the TTL, failed reads are not remembered, and invalidate() forgets everything', async (t) => {
  let now = 1_000;
  const cache = new TrustReadCache({ ttlMs: 5_000, now: () => now });
  let reads = 0;
  let fail = false;
  const db = {
    selectFrom: () => ({
      selectAll: () => ({
        where: () => ({
          executeTakeFirst: async () => {
            reads += 1;
            if (fail) throw new Error('database down');
            return undefined;
          },
        }),
      }),
    }),
  } as unknown as Parameters<TrustReadCache['issuer']>[0];
  await cache.issuer(db, 'did:key:a');
  await cache.issuer(db, 'did:key:a');
  t.is(reads, 1);
  now += 5_001;
  await cache.issuer(db, 'did:key:a');
  t.is(reads, 2);
  cache.invalidate();
  fail = true;
  await t.throwsAsync(cache.issuer(db, 'did:key:a'), { message: 'database down' });
  fail = false;
  await cache.issuer(db, 'did:key:a');
  t.is(reads, 4, 'the failed read was not remembered');
});
