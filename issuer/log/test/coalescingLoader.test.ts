import test from 'ava';
import { coalescingLoader } from '../coalescingLoader.ts';

/** Lookups asked within one event-loop turn share one load; failures reach every caller. */

test('calls in the same turn are served by one load of the union of their keys', async (t) => {
  const loads: string[][] = [];
  const load = coalescingLoader(async (keys) => {
    loads.push([...keys]);
    return new Map(keys.map((key) => [key, key.toUpperCase()]));
  }, 3);
  const [a, b, c] = await Promise.all([load(['x', 'y']), load(['y', 'z']), load(['w'])]);
  t.is(a.get('x'), 'X');
  t.is(b.get('z'), 'Z');
  t.is(c.get('w'), 'W');
  t.deepEqual(loads, [['x', 'y', 'z'], ['w']], 'one flush, split into loads of at most 3 keys');
  await load(['v']);
  t.is(loads.length, 3, 'a later turn loads again');
});

test('a failed load rejects every caller of that turn, and the next turn loads afresh', async (t) => {
  let fail = true;
  const load = coalescingLoader(async (keys) => {
    if (fail) throw new Error('database down');
    return new Map(keys.map((key) => [key, 1]));
  });
  const results = await Promise.allSettled([load(['a']), load(['b'])]);
  t.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
  fail = false;
  t.is((await load(['a'])).get('a'), 1);
});
