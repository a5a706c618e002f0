import test from 'ava';
import fc from 'fast-check';
import { spawnTypeScriptWorker, WorkerPool, type WorkerReply } from '../../workers/workerPool.ts';
import { answerRequest } from '../../workers/answerRequest.ts';
import { assignJobs, ProofJobQueue, type LoneWorkPolicy } from '../proofJobQueue.ts';

/**
 * How the verifier spreads proof jobs over its threads: every job goes exactly once, in order, to
 * distinct threads; small work stays whole on the least loaded thread; larger work leaves the
 * threads about evenly loaded, the busiest getting least.
 */
const jobsAndLoads = fc.record({
  jobs: fc.array(fc.record({ id: fc.nat(), weight: fc.double({ min: 0.1, max: 5, noNaN: true }) }), { minLength: 1, maxLength: 40 }),
  loads: fc.array(fc.double({ min: 0, max: 30, noNaN: true }), { minLength: 1, maxLength: 8 }),
});

test('every job is assigned exactly once, in order, to distinct threads', (t) => {
  fc.assert(
    fc.property(jobsAndLoads, ({ jobs, loads }) => {
      const groups = assignJobs(jobs, loads);
      t.deepEqual(
        groups.flatMap((g) => g.jobs),
        jobs,
      );
      t.is(new Set(groups.map((g) => g.thread)).size, groups.length);
      t.true(groups.every((g) => g.thread >= 0 && g.thread < loads.length && g.jobs.length > 0));
    }),
    { numRuns: 500 },
  );
});

test('small work goes whole to the least loaded thread', (t) => {
  fc.assert(
    fc.property(jobsAndLoads, ({ jobs, loads }) => {
      const total = jobs.reduce((sum, j) => sum + j.weight, 0);
      fc.pre(total < 4);
      const groups = assignJobs(jobs, loads);
      t.is(groups.length, 1);
      t.is(loads[groups[0]?.thread ?? -1], Math.min(...loads));
    }),
    { numRuns: 300 },
  );
});

test('larger work evens out the loads: a thread that gets work ends within two jobs of the least loaded', (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(jobsAndLoads, ({ jobs, loads }) => {
        const groups = assignJobs(jobs, loads);
        const after = [...loads];
        for (const g of groups) after[g.thread] = (after[g.thread] ?? 0) + g.jobs.reduce((sum, j) => sum + j.weight, 0);
        const heaviest = Math.max(...jobs.map((j) => j.weight));
        const total = jobs.reduce((sum, j) => sum + j.weight, 0);
        const least = Math.min(...after);
        // Split: each run is its share give or take half a job at either end. Small work: all of it.
        const slack = total < 4 ? total : 2 * heaviest;
        return groups.every((g) => (after[g.thread] ?? 0) <= least + slack + 1e-9);
      }),
      { numRuns: 2000 },
    ),
  );
});

test('a presentation verified alone is shared by both idle threads; a busy thread gets less', (t) => {
  const presentation = [...Array.from({ length: 5 }, (_, i) => ({ id: `credential ${i}`, weight: 1 })), { id: 'presentation', weight: 3.5 }, ...Array.from({ length: 5 }, (_, i) => ({ id: `receipt ${i}`, weight: 0.5 }))];
  const idle = assignJobs(presentation, [0, 0]);
  t.deepEqual(
    idle.map((g) => g.jobs.map((j) => j.id)),
    [['credential 0', 'credential 1', 'credential 2', 'credential 3', 'credential 4'], ['presentation', 'receipt 0', 'receipt 1', 'receipt 2', 'receipt 3', 'receipt 4']],
  );
  const busy = assignJobs(presentation, [8, 0]);
  t.is(busy.length, 2);
  t.is(busy[0]?.thread, 1);
  t.true((busy[1]?.jobs.length ?? 0) < 5);
  const veryBusy = assignJobs(presentation, [30, 0]);
  t.deepEqual(
    veryBusy.map((g) => g.thread),
    [1],
  );
});

test('jobs submitted in one turn of the event loop travel in one message per thread', async (t) => {
  const pool = new WorkerPool({ threads: 2, errorCode: 'test.pool', spawn: () => spawnTypeScriptWorker(new URL('../../workers/test/fixtures/recordingWorker.ts', import.meta.url), 'radcred-test') });
  t.teardown(() => pool.close());
  const queue = new ProofJobQueue(pool);
  const shared = { id: 'urn:uuid:shared' };
  // Small work: one message, so the object both jobs carry is one object on the thread.
  const [kept, same] = await Promise.all([
    queue.submit((jobId) => ({ jobId, kind: 'keep', value: shared }), 1),
    queue.submit((jobId) => ({ jobId, kind: 'isKept', value: shared }), 0.5),
  ]);
  t.true(kept.ok);
  t.true((same as { same?: boolean }).same);
  // Large work on idle threads: split across both.
  const replies = await Promise.all(Array.from({ length: 8 }, (_, i) => queue.submit((jobId) => ({ jobId, kind: 'echo', value: i }), 1)));
  t.deepEqual(
    replies.map((r) => (r as { value?: unknown }).value),
    [0, 1, 2, 3, 4, 5, 6, 7],
  );
  t.is(new Set(replies.map((r) => (r as { thread?: string }).thread)).size, 2);
});

/** A policy whose event-loop answers say where they ran; `busy` is what the event loop reports. */
function loneOnLoop(state: { busy: boolean }): LoneWorkPolicy {
  return {
    maxWeight: 3,
    eventLoopBusy: () => state.busy,
    answer: (request) =>
      answerRequest<{ jobId: number; kind?: string; value?: unknown }, WorkerReply & { value?: unknown; thread?: string }>(async (r) => {
        if (r.kind === 'fail') throw Object.assign(new Error('asked to fail'), { code: 'test.failed' });
        return { value: r.value, thread: 'event loop' };
      }, request),
  };
}

test("a lone verification's small work runs on the event loop, in order, and fails there as on a thread", async (t) => {
  const pool = new WorkerPool({ threads: 2, errorCode: 'test.pool', spawn: () => spawnTypeScriptWorker(new URL('../../workers/test/fixtures/recordingWorker.ts', import.meta.url), 'radcred-test') });
  t.teardown(() => pool.close());
  const queue = new ProofJobQueue(pool, loneOnLoop({ busy: false }));
  const replies = await Promise.all([
    queue.submit((jobId) => ({ jobId, kind: 'echo', value: 'proof' }), 1),
    queue.submit((jobId) => ({ jobId, kind: 'echo', value: 'receipt' }), 0.5),
  ]);
  t.deepEqual(
    replies.map((r) => [(r as { value?: unknown }).value, (r as { thread?: string }).thread, r.ok]),
    [
      ['proof', 'event loop', true],
      ['receipt', 'event loop', true],
    ],
  );
  const failed = await queue.submit((jobId) => ({ jobId, kind: 'fail' }), 1);
  t.like(failed, { ok: false, message: 'asked to fail', code: 'test.failed' });
  t.deepEqual(pool.loads, [0, 0]);
});

test('work goes to the threads when it is larger, when the event loop has others to serve, or when a thread is busy', async (t) => {
  const pool = new WorkerPool({ threads: 2, errorCode: 'test.pool', spawn: () => spawnTypeScriptWorker(new URL('../../workers/test/fixtures/recordingWorker.ts', import.meta.url), 'radcred-test') });
  t.teardown(() => pool.close());
  const state = { busy: false };
  const queue = new ProofJobQueue(pool, loneOnLoop(state));
  const where = (reply: WorkerReply) => ((reply as { thread?: unknown }).thread === 'event loop' ? 'event loop' : 'thread');

  // Larger than a lone credential or one-credential presentation: the threads.
  const larger = await Promise.all(Array.from({ length: 4 }, (_, i) => queue.submit((jobId) => ({ jobId, kind: 'echo', value: i }), 1)));
  t.deepEqual(larger.map(where), ['thread', 'thread', 'thread', 'thread']);

  // Others in flight: the threads.
  state.busy = true;
  t.is(where(await queue.submit((jobId) => ({ jobId, kind: 'echo', value: 'x' }), 1)), 'thread');

  // A thread still working (for one of those others): the threads.
  const slow = queue.submit((jobId) => ({ jobId, kind: 'busy', ms: 150 }), 1);
  await new Promise((resolve) => setImmediate(resolve));
  state.busy = false;
  await new Promise((resolve) => setTimeout(resolve, 20));
  t.is(where(await queue.submit((jobId) => ({ jobId, kind: 'echo', value: 'y' }), 1)), 'thread');
  await slow;
  t.is(where(await queue.submit((jobId) => ({ jobId, kind: 'echo', value: 'z' }), 1)), 'event loop');
});
