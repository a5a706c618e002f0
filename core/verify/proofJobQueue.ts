import type { PoolJob, WorkerPool, WorkerReply } from '../workers/workerPool.ts';

/**
 * When a flush's work may stay on the event loop. A job sent to a thread costs about twice its CPU
 * (the structured clone both ways, the thread's wake-up, the reply's), which a lone verification
 * pays in latency while the event loop sits waiting for the answer; with other work about, the
 * threads are what lets both cores serve.
 */
export interface LoneWorkPolicy {
  /** The most work (in job weights, a credential proof being 1) a flush may run on the event loop. */
  readonly maxWeight: number;
  /** True when the event loop has others to serve (e.g. more than one request in flight). */
  readonly eventLoopBusy: () => boolean;
  /** Answers a job on the event loop exactly as a thread would. */
  readonly answer: (request: { jobId: number }) => Promise<WorkerReply>;
}

/**
 * Gathers the proof jobs asked for in the same turn of the event loop (a presentation's proof, its
 * credentials' proofs, their receipts; several verifications' when they arrive together) and sends
 * each thread at most one message:
 *  - small work (a credential and its receipt) goes whole to the least loaded thread, so the
 *    structured clone copies the credential once and the thread answers once;
 *  - larger work is split in order so that every thread ends up with about the same load (water
 *    filling): a thread already busy gets less or nothing, and a presentation verified alone
 *    shares its latency among the cores. Keeping the order keeps a presentation with the receipts
 *    queued after it, so the objects they share are mostly cloned once.
 * A lone verification's small work (LoneWorkPolicy: nothing on the threads, no one else for the
 * event loop to serve) runs on the event loop instead, which would otherwise sit waiting.
 * Jobs queued after the flush go with the next one; which message a job travels in, or whether it
 * runs here, never changes its answer.
 */
const SPLIT_MIN_WEIGHT = 4;

interface Queued extends PoolJob {
  resolve(reply: WorkerReply): void;
  reject(error: unknown): void;
}

export class ProofJobQueue {
  #queued: Queued[] = [];
  #runningHere = 0;
  #nextHereJob = 1;

  constructor(
    private readonly pool: WorkerPool,
    private readonly lone?: LoneWorkPolicy,
  ) {}

  /** `weight` is how much work the job is (a credential proof is 1). */
  submit(build: PoolJob['build'], weight: number): Promise<WorkerReply> {
    return new Promise<WorkerReply>((resolve, reject) => {
      this.#queued.push({ build, weight, resolve, reject });
      // After this turn's microtasks: the checks that follow a cached lookup join the same flush.
      if (this.#queued.length === 1) setImmediate(() => this.#flush());
    });
  }

  #flush(): void {
    const jobs = this.#queued;
    this.#queued = [];
    if (this.#isLone(jobs)) {
      void this.#runHere(jobs);
      return;
    }
    try {
      const groups = assignJobs(jobs, this.pool.loads);
      const replies = this.pool.runGroups(groups);
      groups.forEach((group, g) =>
        group.jobs.forEach((job, k) => (replies[g]?.[k] ?? Promise.reject(new Error('the worker pool sent no reply'))).then(job.resolve, job.reject)),
      );
    } catch (error) {
      for (const job of jobs) job.reject(error);
    }
  }

  /** Small work, nothing on the threads or already running here, and no one else for the event loop to serve. */
  #isLone(jobs: readonly Queued[]): boolean {
    const lone = this.lone;
    if (!lone || this.#runningHere > 0) return false;
    if (jobs.reduce((sum, job) => sum + job.weight, 0) > lone.maxWeight) return false;
    if (this.pool.loads.some((load) => load > 0)) return false;
    return !lone.eventLoopBusy();
  }

  /** In order, as a thread runs a batch; each caller is answered as soon as its job is done. */
  async #runHere(jobs: readonly Queued[]): Promise<void> {
    const lone = this.lone as LoneWorkPolicy;
    this.#runningHere += 1;
    try {
      for (const job of jobs) {
        try {
          // A fresh `holds`: nothing is kept here between jobs, so every message is built whole.
          job.resolve(await lone.answer(job.build(this.#nextHereJob++, new Set())));
        } catch (error) {
          job.reject(error);
        }
      }
    } finally {
      this.#runningHere -= 1;
    }
  }
}

/**
 * Which thread gets which jobs: contiguous runs of `jobs`, sized so that each thread's load after
 * is as even as possible (the least loaded threads filled first); all to the least loaded thread
 * when the work is below SPLIT_MIN_WEIGHT.
 */
export function assignJobs<Job extends { readonly weight: number }>(jobs: readonly Job[], loads: readonly number[]): { thread: number; jobs: Job[] }[] {
  if (jobs.length === 0 || loads.length === 0) return [];
  const order = loads.map((load, thread) => ({ load, thread })).sort((a, b) => a.load - b.load || a.thread - b.thread);
  const total = jobs.reduce((sum, job) => sum + job.weight, 0);
  const least = order[0] as { thread: number };
  if (total < SPLIT_MIN_WEIGHT || jobs.length === 1 || order.length === 1) return [{ thread: least.thread, jobs: [...jobs] }];

  // The water level: the load every thread below it is raised to.
  let level = 0;
  let below = 0;
  let loadBelow = 0;
  for (const { load } of order) {
    if (below > 0 && load >= (loadBelow + total) / below) break;
    below += 1;
    loadBelow += load;
    level = (loadBelow + total) / below;
  }
  const shares = order.slice(0, below).map(({ thread, load }) => ({ thread, share: level - load }));

  // Each job goes to the share its weight's midpoint falls in.
  const groups = shares.map(({ thread }) => ({ thread, jobs: [] as Job[] }));
  let before = 0;
  let bin = 0;
  let binEnd = shares[0]?.share ?? total;
  for (const job of jobs) {
    const midpoint = before + job.weight / 2;
    while (midpoint > binEnd && bin < shares.length - 1) {
      bin += 1;
      binEnd += shares[bin]?.share ?? 0;
    }
    groups[bin]?.jobs.push(job);
    before += job.weight;
  }
  return groups.filter((group) => group.jobs.length > 0);
}
