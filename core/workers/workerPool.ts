import { Worker } from 'node:worker_threads';

/**
 * A small pool of worker threads running one TypeScript module each, for CPU-bound work (signature
 * verification, signing) so that every core serves a service whose event loop stays free for HTTP
 * and the database. Requests carry a job id; each goes to the least loaded thread; a thread that
 * dies fails what it held and is replaced on the next request. Idle threads never keep the process
 * alive.
 *
 * Several jobs can travel as one message (`runGroups`): the structured clone then copies an object
 * they share once (a presentation and the credentials inside it), and the thread answers them a
 * few at a time.
 *
 * The worker module must answer every `{jobId, ...}` message with `{jobId, ok: true, ...}` or
 * `{jobId, ok: false, message, code?}`, and a `{batch: [...]}` message with `{replies: [...]}`
 * messages carrying one such reply per job (see `serveWorkerRequests`).
 */
export class WorkerPoolError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'WorkerPoolError';
    this.code = code;
  }
}

export interface WorkerReply {
  readonly jobId: number;
  readonly ok: boolean;
  readonly message?: string;
  readonly code?: string;
}

/** Several jobs in one message. */
export interface BatchMessage<Job extends { jobId: number } = { jobId: number }> {
  readonly batch: readonly Job[];
}

/** Replies to some of a batch's jobs. */
export interface BatchReply {
  readonly replies: readonly WorkerReply[];
}

/** A job for `runGroups`: its message, built for the thread it goes to, and how much work it is. */
export interface PoolJob {
  build(jobId: number, holds: Set<string>): { jobId: number };
  readonly weight: number;
}

interface Pending {
  resolve(reply: WorkerReply): void;
  reject(error: Error): void;
  readonly weight: number;
}

/** Starts a worker thread on a .ts module: tsx registers itself in the thread, then loads it. */
export function spawnTypeScriptWorker(moduleUrl: URL, name: string): Worker {
  const loader = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(loader)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(moduleUrl.href)}); })`;
  // V8's default young generation: a 64 MB one measured up to 30 % slower for single credentials
  // under --no-parallel-scavenge (npm start) and no faster without it (bench/FINDINGS.md).
  return new Worker(bootstrap, { eval: true, name });
}

class PoolThread {
  readonly #pending = new Map<number, Pending>();
  /** What this thread has been sent and keeps (e.g. a key's seed); forgotten when the thread is replaced. */
  readonly holds = new Set<string>();
  #worker: Worker | undefined;
  #load = 0;
  #closed = false;

  constructor(
    private readonly spawn: () => Worker,
    private readonly errorCode: string,
  ) {}

  get load(): number {
    return this.#load;
  }

  /** Starts the thread now (a service warms its threads at start rather than on the first request). */
  ensureStarted(): Worker {
    return (this.#worker ??= this.#start());
  }

  #start(): Worker {
    const worker = this.spawn();
    const settle = (reply: WorkerReply) => {
      const pending = this.#pending.get(reply.jobId);
      if (!pending) return;
      this.#pending.delete(reply.jobId);
      this.#load -= pending.weight;
      // An idle thread must not keep the process alive; a busy one must (its caller is waiting).
      if (this.#pending.size === 0) worker.unref();
      pending.resolve(reply);
    };
    worker.on('message', (message: WorkerReply | BatchReply) => {
      if ('replies' in message) for (const reply of message.replies) settle(reply);
      else settle(message);
    });
    const fail = (error: Error) => {
      // 'error' is followed by 'exit': act once, and only for the thread still in service.
      if (this.#worker !== worker) return;
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
      this.#load = 0;
      this.holds.clear();
      this.#worker = undefined;
    };
    worker.once('error', (error) => fail(new WorkerPoolError(this.errorCode, `a worker thread failed: ${error.message}`)));
    worker.once('exit', (exitCode) => {
      if (!this.#closed) fail(new WorkerPoolError(this.errorCode, `a worker thread exited with code ${exitCode}`));
    });
    // After the listeners: attaching a 'message' listener refs the thread again.
    worker.unref();
    return worker;
  }

  request(message: { jobId: number }, weight: number): Promise<WorkerReply> {
    return this.requestAll([message], [weight])[0] as Promise<WorkerReply>;
  }

  /** Several jobs in one message (one job: a plain message); one reply promise per job. */
  requestAll(messages: readonly { jobId: number }[], weights: readonly number[]): Promise<WorkerReply>[] {
    if (this.#closed) return messages.map(() => Promise.reject(new WorkerPoolError(`${this.errorCode}.closed`, 'the worker pool is closed')));
    const worker = this.ensureStarted();
    if (this.#pending.size === 0) worker.ref();
    const replies = messages.map(
      (message, i) =>
        new Promise<WorkerReply>((resolve, reject) => {
          const weight = weights[i] ?? 1;
          this.#pending.set(message.jobId, { resolve, reject, weight });
          this.#load += weight;
        }),
    );
    const [only] = messages;
    if (messages.length === 1 && only) worker.postMessage(only);
    else worker.postMessage({ batch: messages } satisfies BatchMessage);
    return replies;
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const pending of this.#pending.values()) pending.reject(new WorkerPoolError(`${this.errorCode}.closed`, 'the worker pool closed'));
    this.#pending.clear();
    await this.#worker?.terminate();
  }
}

export class WorkerPool {
  readonly threads: number;
  readonly #threads: PoolThread[];
  #nextJob = 1;

  constructor(options: { threads: number; spawn: () => Worker; errorCode: string }) {
    if (!Number.isInteger(options.threads) || options.threads < 1 || options.threads > 64) {
      throw new RangeError(`worker threads must be 1..64, got ${options.threads}`);
    }
    this.threads = options.threads;
    this.#threads = Array.from({ length: options.threads }, () => new PoolThread(options.spawn, options.errorCode));
  }

  #leastLoaded(): PoolThread {
    let best = this.#threads[0] as PoolThread;
    for (const thread of this.#threads) if (thread.load < best.load) best = thread;
    return best;
  }

  /**
   * Sends `build(jobId, holds)` to the least loaded thread; `weight` is how much work it is (for
   * balancing). `holds` is what that thread keeps from earlier messages: the builder adds what it
   * sends once (a key) and leaves it out when already there.
   */
  run(build: (jobId: number, holds: Set<string>) => { jobId: number }, weight = 1): Promise<WorkerReply> {
    const jobId = this.#nextJob++;
    const thread = this.#leastLoaded();
    return thread.request(build(jobId, thread.holds), weight);
  }

  /** Each thread's pending work (the weights of what it holds), by thread index. */
  get loads(): number[] {
    return this.#threads.map((thread) => thread.load);
  }

  /**
   * Sends each group to the thread it names (an index into `loads`), a group of one job as a plain
   * message and a larger one as one batch message. Returns one reply promise per job, in order.
   */
  runGroups(groups: readonly { readonly thread: number; readonly jobs: readonly PoolJob[] }[]): Promise<WorkerReply>[][] {
    return groups.map(({ thread: index, jobs }) => {
      const thread = this.#threads[index];
      if (thread === undefined) throw new RangeError(`no worker thread ${index}`);
      const messages = jobs.map((job) => job.build(this.#nextJob++, thread.holds));
      return thread.requestAll(
        messages,
        jobs.map((job) => job.weight),
      );
    });
  }

  /** Sends a message to every thread (warm-up, statistics). */
  broadcast(build: (jobId: number) => { jobId: number }): Promise<WorkerReply[]> {
    return Promise.all(this.#threads.map((thread) => thread.request(build(this.#nextJob++), 0)));
  }

  async close(): Promise<void> {
    await Promise.all(this.#threads.map((thread) => thread.close()));
  }
}
