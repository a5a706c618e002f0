import { spawnTypeScriptWorker, WorkerPool, type WorkerReply } from '../../core/workers/workerPool.ts';
import type { JsonObject } from './credentialSigning.ts';
import type { SignedRecord, SigningRequest, SigningResponse } from './signingMessages.ts';
import type { TenantSigningKey } from './tenantSigner.ts';

export class SigningError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'SigningError';
    this.code = code;
  }
}

/**
 * Worker threads that sign credentials (core/workers pool; threads start on first use, so a process
 * that never signs never loads the JSON-LD stack twice). A request is split into one chunk per
 * thread (in order), each chunk goes to the least loaded thread, and the results are put back in
 * order. A tenant's seed travels to a thread once; the thread keeps its signer (a replaced thread
 * gets it again).
 */
export class SigningPool {
  readonly threads: number;
  readonly #pool: WorkerPool;

  constructor(threads: number) {
    this.threads = threads;
    this.#pool = new WorkerPool({
      threads,
      errorCode: 'issuer.signing.thread_failed',
      spawn: () => spawnTypeScriptWorker(new URL('./signingWorker.ts', import.meta.url), 'radcred-signing'),
    });
  }

  async sign(key: TenantSigningKey, credentials: readonly JsonObject[], date: Date): Promise<JsonObject[]> {
    return this.#spread(key, credentials, date, 'credentials', (response) => ('signed' in response ? response.signed : undefined));
  }

  async signRecords(key: TenantSigningKey, credentials: readonly JsonObject[], date: Date): Promise<SignedRecord[]> {
    return this.#spread(key, credentials, date, 'records', (response) => ('records' in response ? response.records : undefined));
  }

  /** One message per thread, each carrying its share of the credentials; results back in order. */
  async #spread<T>(
    key: TenantSigningKey,
    credentials: readonly JsonObject[],
    date: Date,
    output: 'credentials' | 'records',
    pick: (response: SigningResponse & { ok: true }) => T[] | undefined,
  ): Promise<T[]> {
    if (credentials.length === 0) return [];
    const chunkSize = Math.ceil(credentials.length / this.threads);
    const chunks: JsonObject[][] = [];
    for (let at = 0; at < credentials.length; at += chunkSize) chunks.push(credentials.slice(at, at + chunkSize));
    const results = await Promise.all(
      chunks.map(async (chunk) => {
        const reply = await this.#pool.run((jobId, holds): SigningRequest => {
          const needsSeed = !holds.has(key.keyId);
          holds.add(key.keyId);
          return { kind: 'sign', jobId, keyId: key.keyId, date: date.toISOString(), credentials: chunk, output, ...(needsSeed ? { seed: key.key.seed() } : {}) };
        }, chunk.length);
        const response = asResponse(reply);
        if (!response.ok) throw new SigningError(response.code ?? 'issuer.signing.failed', response.message);
        const answered = pick(response);
        if (answered === undefined || answered.length !== chunk.length) {
          throw new SigningError('issuer.signing.failed', 'the signing thread answered another request');
        }
        return answered;
      }),
    );
    return results.flat();
  }

  /** KeyObjects each thread has created (tests: signing must not re-import keys). */
  async keyObjectCounts(): Promise<Array<{ private: number; public: number }>> {
    const replies = await this.#pool.broadcast((jobId): SigningRequest => ({ kind: 'stats', jobId }));
    return replies.map((reply) => {
      const response = asResponse(reply);
      if (!response.ok || !('keyObjects' in response)) throw new SigningError('issuer.signing.failed', 'no stats from a signing thread');
      return { ...response.keyObjects };
    });
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }
}

/** The pool answers untyped replies; signingWorker.ts sends SigningResponse. */
function asResponse(reply: WorkerReply): SigningResponse {
  return reply as unknown as SigningResponse;
}
