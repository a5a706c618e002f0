import { Worker } from 'node:worker_threads';
import type { JsonObject } from './credentialSigning.ts';
import type { SigningRequest, SigningResponse } from './signingMessages.ts';
import type { TenantSigningKey } from './tenantSigner.ts';

export class SigningError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'SigningError';
    this.code = code;
  }
}

interface Pending {
  resolve(response: SigningResponse): void;
  reject(error: Error): void;
  readonly size: number;
}

/** One signing thread and the jobs it has in hand. */
class SigningThread {
  readonly #pending = new Map<number, Pending>();
  /** Keys whose seed this thread has received. */
  readonly #keys = new Set<string>();
  /** Started on first use: a process that never signs never pays for loading the JSON-LD stack twice. */
  #worker: Worker | undefined;
  #load = 0;
  #closed = false;

  constructor(private readonly spawn: () => Worker) {}

  get load(): number {
    return this.#load;
  }

  #start(): Worker {
    const worker = this.spawn();
    worker.on('message', (response: SigningResponse) => {
      const pending = this.#pending.get(response.jobId);
      if (!pending) return;
      this.#pending.delete(response.jobId);
      this.#load -= pending.size;
      // An idle thread must not keep the process alive; a busy one must (its caller is waiting).
      if (this.#pending.size === 0) worker.unref();
      pending.resolve(response);
    });
    const fail = (error: Error) => {
      // 'error' is followed by 'exit': act once, and only for the thread still in service.
      if (this.#worker !== worker) return;
      // A dead thread fails what it held; the next job gets a fresh thread (which has no keys yet).
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
      this.#load = 0;
      this.#keys.clear();
      // The next request starts a fresh thread.
      this.#worker = undefined;
    };
    worker.once('error', (error) => fail(new SigningError('issuer.signing.thread_failed', `a signing thread failed: ${error.message}`)));
    worker.once('exit', (exitCode) => {
      if (!this.#closed) fail(new SigningError('issuer.signing.thread_failed', `a signing thread exited with code ${exitCode}`));
    });
    // After the listeners: attaching a 'message' listener refs the thread again.
    worker.unref();
    return worker;
  }

  request(jobId: number, build: (needsSeed: boolean) => SigningRequest, keyId: string | undefined, size: number): Promise<SigningResponse> {
    if (this.#closed) return Promise.reject(new SigningError('issuer.signing.closed', 'the signing pool is closed'));
    const needsSeed = keyId !== undefined && !this.#keys.has(keyId);
    const message = build(needsSeed);
    const worker = (this.#worker ??= this.#start());
    return new Promise<SigningResponse>((resolve, reject) => {
      if (this.#pending.size === 0) worker.ref();
      this.#pending.set(jobId, { resolve, reject, size });
      this.#load += size;
      worker.postMessage(message);
      if (keyId !== undefined) this.#keys.add(keyId);
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const pending of this.#pending.values()) pending.reject(new SigningError('issuer.signing.closed', 'the signing pool closed'));
    this.#pending.clear();
    await this.#worker?.terminate();
  }
}

/** tsx registers itself in each thread, then loads the worker module (the project runs TypeScript directly). */
function spawnSigningWorker(): Worker {
  const loader = import.meta.resolve('tsx/esm/api');
  const workerModule = new URL('./signingWorker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(loader)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(workerModule)}); })`;
  return new Worker(bootstrap, { eval: true, name: 'radcred-signing' });
}

/**
 * Worker threads that sign credentials. A request is split into one chunk per thread (in order),
 * each chunk goes to the least loaded thread, and the results are put back in order. A tenant's
 * seed travels to a thread once; the thread keeps its signer.
 */
export class SigningPool {
  readonly threads: number;
  readonly #threads: SigningThread[];
  #nextJob = 1;

  constructor(threads: number) {
    this.threads = threads;
    this.#threads = Array.from({ length: threads }, () => new SigningThread(spawnSigningWorker));
  }

  #leastLoaded(): SigningThread {
    let best = this.#threads[0] as SigningThread;
    for (const thread of this.#threads) if (thread.load < best.load) best = thread;
    return best;
  }

  async sign(key: TenantSigningKey, credentials: readonly JsonObject[], date: Date): Promise<JsonObject[]> {
    if (credentials.length === 0) return [];
    const chunkSize = Math.ceil(credentials.length / this.threads);
    const chunks: JsonObject[][] = [];
    for (let at = 0; at < credentials.length; at += chunkSize) chunks.push(credentials.slice(at, at + chunkSize));
    const results = await Promise.all(
      chunks.map(async (chunk) => {
        const jobId = this.#nextJob++;
        const response = await this.#leastLoaded().request(
          jobId,
          (needsSeed) => ({
            kind: 'sign',
            jobId,
            keyId: key.keyId,
            date: date.toISOString(),
            credentials: chunk,
            ...(needsSeed ? { seed: key.key.seed() } : {}),
          }),
          key.keyId,
          chunk.length,
        );
        if (!response.ok) throw new SigningError(response.code ?? 'issuer.signing.failed', response.message);
        if (!('signed' in response)) throw new SigningError('issuer.signing.failed', 'the signing thread answered another request');
        return response.signed;
      }),
    );
    return results.flat();
  }

  /** KeyObjects each thread has created (tests: signing must not re-import keys). */
  async keyObjectCounts(): Promise<Array<{ private: number; public: number }>> {
    return Promise.all(
      this.#threads.map(async (thread) => {
        const jobId = this.#nextJob++;
        const response = await thread.request(jobId, () => ({ kind: 'stats', jobId }), undefined, 0);
        if (!response.ok || !('keyObjects' in response)) throw new SigningError('issuer.signing.failed', 'no stats from a signing thread');
        return { ...response.keyObjects };
      }),
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.#threads.map((thread) => thread.close()));
  }
}
