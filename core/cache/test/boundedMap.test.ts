import test from 'ava';
import fc from 'fast-check';
import { BoundedMap } from '../boundedMap.ts';

test('never holds more than its bound, and drops the oldest stored entry first', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 8 }), fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 60 }), (max, keys) => {
      const map = new BoundedMap<number, number>(max);
      const model: number[] = [];
      for (const key of keys) {
        map.set(key, key * 2);
        if (!model.includes(key)) model.push(key);
        if (model.length > max) model.shift();
        t.true(map.size <= max);
      }
      t.is(map.size, model.length);
      for (const key of model) t.is(map.get(key), key * 2);
    }),
  );
});

test('with recency "use", a hit keeps an entry from being the next one dropped', (t) => {
  const byUse = new BoundedMap<string, number>(2, { recency: 'use' });
  const byInsertion = new BoundedMap<string, number>(2);
  for (const map of [byUse, byInsertion]) {
    map.set('a', 1).set('b', 2);
    map.get('a');
    map.set('c', 3);
  }
  t.is(byUse.get('a'), 1);
  t.false(byUse.has('b'));
  t.false(byInsertion.has('a'));
  t.is(byInsertion.get('b'), 2);
});

test('a bound below one is refused', (t) => {
  t.throws(() => new BoundedMap(0), { instanceOf: RangeError });
});
