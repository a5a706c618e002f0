import test from 'ava';
import { spawnTypeScriptWorker, WorkerPool, type PoolJob, type WorkerReply } from '../workerPool.ts';

/**
 * The pool on real worker threads: a batch message answers each of its jobs exactly as separate
 * messages would, in order, on one thread, with the objects its jobs share cloned once; replies of
 * a long batch come back before the whole batch is done; a failing job fails alone.
 */
type Reply = WorkerReply & { value?: unknown; thread?: string; order?: number; same?: boolean; at?: number };

function pool(threads = 2): WorkerPool {
  return new WorkerPool({ threads, errorCode: 'test.pool', spawn: () => spawnTypeScriptWorker(new URL('./fixtures/recordingWorker.ts', import.meta.url), 'radcred-test') });
}

function job(body: Record<string, unknown>, weight = 1): PoolJob {
  return { build: (jobId) => ({ jobId, ...body }), weight };
}

test('a batch answers every job in order, on the one thread it names', async (t) => {
  const workers = pool();
  t.teardown(() => workers.close());
  const values = [1, 'two', { three: [3] }, null, [5]];
  const [replies] = workers.runGroups([{ thread: 1, jobs: values.map((value) => job({ kind: 'echo', value })) }]);
  const answers = (await Promise.all(replies ?? [])) as Reply[];
  t.deepEqual(
    answers.map((a) => a.value),
    values,
  );
  t.true(answers.every((a) => a.ok && a.thread === answers[0]?.thread));
  t.deepEqual(
    answers.map((a) => a.order),
    [1, 2, 3, 4, 5],
  );
  t.deepEqual(workers.loads, [0, 0]);
});

test('groups for different threads run on different threads', async (t) => {
  const workers = pool();
  t.teardown(() => workers.close());
  const groups = workers.runGroups([
    { thread: 0, jobs: [job({ kind: 'echo', value: 'a' }), job({ kind: 'echo', value: 'b' })] },
    { thread: 1, jobs: [job({ kind: 'echo', value: 'c' })] },
  ]);
  const [first, second] = (await Promise.all(groups.map((replies) => Promise.all(replies)))) as Reply[][];
  t.is(first?.[0]?.thread, first?.[1]?.thread);
  t.not(first?.[0]?.thread, second?.[0]?.thread);
});

test('an object two jobs of a batch share arrives as one object; separate messages copy it', async (t) => {
  const workers = pool(1);
  t.teardown(() => workers.close());
  const shared = { credential: { id: 'urn:uuid:1' } };
  const [together] = workers.runGroups([{ thread: 0, jobs: [job({ kind: 'keep', value: shared }), job({ kind: 'isKept', value: shared })] }]);
  const [, same] = (await Promise.all(together ?? [])) as Reply[];
  t.true(same?.same);
  await workers.run((jobId) => ({ jobId, kind: 'keep', value: shared }));
  const apart = (await workers.run((jobId) => ({ jobId, kind: 'isKept', value: shared }))) as Reply;
  t.false(apart.same);
});

test('a long batch answers its first jobs before its last ones finish', async (t) => {
  const workers = pool(1);
  t.teardown(() => workers.close());
  const [replies] = workers.runGroups([{ thread: 0, jobs: [job({ kind: 'busy', ms: 5 }), job({ kind: 'busy', ms: 60 })] }]);
  const [first, last] = replies ?? [];
  const firstAt = await first?.then(() => Date.now());
  const lastAt = await last?.then(() => Date.now());
  t.truthy(firstAt && lastAt);
  t.true((lastAt ?? 0) - (firstAt ?? 0) >= 40, `first answered ${String((lastAt ?? 0) - (firstAt ?? 0))} ms before the last`);
});

test('a failing job fails alone, with its code; the batch\'s other jobs are answered', async (t) => {
  const workers = pool(1);
  t.teardown(() => workers.close());
  const [replies] = workers.runGroups([{ thread: 0, jobs: [job({ kind: 'echo', value: 1 }), job({ kind: 'fail' }), job({ kind: 'echo', value: 3 })] }]);
  const answers = (await Promise.all(replies ?? [])) as Reply[];
  t.deepEqual(
    answers.map((a) => [a.ok, a.value ?? a.code]),
    [
      [true, 1],
      [false, 'test.failed'],
      [true, 3],
    ],
  );
});

test('a thread\'s load counts what it holds until each reply arrives', async (t) => {
  const workers = pool(2);
  t.teardown(() => workers.close());
  const [replies] = workers.runGroups([{ thread: 1, jobs: [job({ kind: 'busy', ms: 30 }, 2), job({ kind: 'busy', ms: 1 }, 0.5)] }]);
  t.deepEqual(workers.loads, [0, 2.5]);
  await replies?.[0];
  t.true((workers.loads[1] ?? 0) <= 0.5);
  await Promise.all(replies ?? []);
  t.deepEqual(workers.loads, [0, 0]);
});

test('a closed pool fails every job of a batch', async (t) => {
  const workers = pool(1);
  await workers.close();
  const [replies] = workers.runGroups([{ thread: 0, jobs: [job({ kind: 'echo', value: 1 }), job({ kind: 'echo', value: 2 })] }]);
  for (const reply of replies ?? []) await t.throwsAsync(reply, { message: /closed/ });
});
