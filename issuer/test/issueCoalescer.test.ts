import test from 'ava';
import { IssueCoalescer } from '../services/issueCoalescer.ts';

/** Group commit for issuing (issueCoalescer.ts): who shares a group, how many run, who gets a failure. */

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** After the current turn of the event loop (when a coalescer starts what was submitted in it). */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

test('requests submitted in one turn of the event loop go as one group, not a lone one and the rest', async (t) => {
  const groups: number[][] = [];
  const coalescer = new IssueCoalescer<number, string>(async (_key, items) => {
    groups.push([...items]);
    return items.map((item) => `done ${item}`);
  }, { maxItems: 100, maxGroups: 3, lingerMs: 1 });
  // As when one group's receipts answer 32 closed-loop clients at once and each issues again.
  const results = await Promise.all(Array.from({ length: 32 }, (_, i) => coalescer.submit('tenant', [i])));
  t.deepEqual(results, Array.from({ length: 32 }, (_, i) => [`done ${i}`]));
  t.deepEqual(groups, [Array.from({ length: 32 }, (_, i) => i)]);
  // More than maxItems in one turn: full groups, in order.
  groups.length = 0;
  const small = new IssueCoalescer<number, number>(async (_key, items) => {
    groups.push([...items]);
    return [...items];
  }, { maxItems: 4, maxGroups: 3, lingerMs: 0 });
  await Promise.all(Array.from({ length: 10 }, (_, i) => small.submit('tenant', [i])));
  t.deepEqual(groups, [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
});

test('requests arriving while groups are in progress go together as the next group, in order', async (t) => {
  const groups: number[][] = [];
  const gate = deferred();
  const coalescer = new IssueCoalescer<number, string>(async (_key, items) => {
    groups.push([...items]);
    if (groups.length === 1) await gate.promise;
    return items.map((item) => `done ${item}`);
  }, { maxItems: 100, maxGroups: 1, lingerMs: 1 });
  const first = coalescer.submit('tenant', [0]);
  await nextTurn();
  const later = Array.from({ length: 10 }, (_, i) => coalescer.submit('tenant', [i + 1]));
  gate.resolve();
  t.deepEqual(await first, ['done 0']);
  t.deepEqual(await Promise.all(later), Array.from({ length: 10 }, (_, i) => [`done ${i + 1}`]));
  t.deepEqual(groups, [[0], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]], 'a lone request starts at once; the ten waiting share one group');
});

test('at most maxGroups groups per key are in progress; other keys are not held up', async (t) => {
  let running = 0;
  let peak = 0;
  const coalescer = new IssueCoalescer<number, number>(async (key, items) => {
    running += key === 'a' ? 1 : 0;
    peak = Math.max(peak, running);
    await new Promise((resolve) => setTimeout(resolve, 5));
    running -= key === 'a' ? 1 : 0;
    return items.map((item) => item * 2);
  }, { maxItems: 3, maxGroups: 3, lingerMs: 0 });
  const results = await Promise.all([
    ...Array.from({ length: 30 }, (_, i) => coalescer.submit('a', [i])),
    coalescer.submit('b', [100]),
  ]);
  t.deepEqual(results, [...Array.from({ length: 30 }, (_, i) => [i * 2]), [200]]);
  t.true(peak <= 3, `peak ${peak}`);
  t.true(peak >= 2, 'groups of one key overlap');
});

test('a failing group is retried one request at a time: only the culprit gets the error', async (t) => {
  const coalescer = new IssueCoalescer<string, string>(async (_key, items) => {
    if (items.includes('bad')) throw Object.assign(new Error('duplicate id'), { code: 'dup' });
    await new Promise((resolve) => setTimeout(resolve, 2));
    return items.map((item) => item.toUpperCase());
  }, { maxItems: 10, maxGroups: 1, lingerMs: 1 });
  const lone = coalescer.submit('k', ['first']);
  await nextTurn();
  const [good, bad, alsoGood] = await Promise.allSettled([coalescer.submit('k', ['x', 'y']), coalescer.submit('k', ['bad']), coalescer.submit('k', ['z'])]);
  t.deepEqual(await lone, ['FIRST']);
  t.deepEqual(good, { status: 'fulfilled', value: ['X', 'Y'] });
  t.is(bad?.status, 'rejected');
  t.is(bad?.status === 'rejected' ? (bad.reason as { code?: string }).code : undefined, 'dup');
  t.deepEqual(alsoGood, { status: 'fulfilled', value: ['Z'] });
});
