import test from 'ava';
import fc from 'fast-check';
import { DirectAppends } from '../directAppends.ts';
import type { EntryToQueue } from '../logStore.ts';

/** The in-memory hold of append() entries: arrival order, one copy per leaf hash, failed batches first. */

function candidate(n: number): { hex: string; entry: EntryToQueue } {
  const hash = new Uint8Array(32);
  hash[31] = n;
  return { hex: Buffer.from(hash).toString('hex'), entry: { leafHash: hash, bytes: Uint8Array.of(n), kind: 'issue', credentialHash: hash } };
}

test('take returns the oldest first, each leaf hash once; putBack goes ahead of newer entries', (t) => {
  const held = new DirectAppends();
  held.add([candidate(1), candidate(2), candidate(1), candidate(3)]);
  t.is(held.size, 3);
  const taken = held.take(2);
  t.deepEqual(taken.map((c) => c.hex), [candidate(1).hex, candidate(2).hex]);
  t.false(held.has(candidate(1).hex));
  held.add([candidate(4)]);
  held.putBack(taken);
  t.deepEqual(held.take(10).map((c) => c.entry.bytes[0]), [1, 2, 3, 4]);
  t.is(held.size, 0);
});

test('property: the hold behaves as an ordered set (same order and contents as a list model), so nothing is lost or held twice', (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(fc.record({ add: fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 8 }) }), fc.record({ take: fc.integer({ min: 0, max: 10 }), back: fc.boolean() })),
          { maxLength: 60 },
        ),
        (steps) => {
          const held = new DirectAppends();
          let model: number[] = [];
          for (const step of steps) {
            if ('add' in step) {
              held.add(step.add.map(candidate));
              for (const n of step.add) if (!model.includes(n)) model.push(n);
            } else {
              const taken = held.take(step.take);
              const expected = model.slice(0, step.take);
              if (JSON.stringify(taken.map((c) => c.entry.bytes[0])) !== JSON.stringify(expected)) return false;
              model = model.slice(step.take);
              if (step.back) {
                held.putBack(taken);
                model = [...expected, ...model.filter((n) => !expected.includes(n))];
              }
            }
            if (held.size !== model.length) return false;
          }
          return JSON.stringify(held.take(Number.MAX_SAFE_INTEGER).map((c) => c.entry.bytes[0])) === JSON.stringify(model);
        },
      ),
    ),
  );
});
