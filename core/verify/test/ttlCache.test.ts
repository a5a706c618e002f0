import test from 'ava';
import { TtlCache } from '../ttlCache.ts';

test('values are reused until their TTL passes, concurrent loads share one fetch, failures are not cached', async (t) => {
  let now = 0;
  const cache = new TtlCache<{ ok: boolean; n: number }>({ ttlMs: 1000, now: () => now });
  let loads = 0;
  const load = async () => ({ ok: true, n: ++loads });
  const [a, b] = await Promise.all([cache.get('k', load), cache.get('k', load)]);
  t.is(loads, 1);
  t.is(a.value.n, 1);
  t.is(b.value.n, 1);
  now = 999;
  t.like(await cache.get('k', load), { cached: true, ageMs: 999 });
  t.like((await cache.get('k', load, { fresh: true })).value, { n: 2 });
  now = 2100;
  t.like((await cache.get('k', load)).value, { n: 3 });
  const failing = async () => ({ ok: false, n: -1 });
  await cache.get('f', failing, { shouldCache: (v) => v.ok });
  t.is(cache.peek('f'), undefined);
});
