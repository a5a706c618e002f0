import type { Logger } from '../../core/http/logger.ts';
import { CredentialLogError } from './errors.ts';

/**
 * When to run a batch, and who is waiting for what. A batch runs once `batchMaxEntries` entries are
 * awaited or `batchMaxWaitMs` after the first awaited entry arrived, whichever comes first; a full
 * batch, or one after which entries are still held in memory for it, is followed at once by the
 * next (under load, each batch takes what arrived while the previous one ran). Callers wait on leaf
 * hashes; after every batch the hashes it logged are released, and any others still awaited (but
 * not held in this process's memory) are looked up in the database once the queue is drained or
 * every `batchMaxWaitMs` (another process's sequencer may have logged them). While started, an idle
 * poll picks up entries left in the queue by a process that crashed before its batch.
 */

export interface SequencerSteps {
  /** Runs one batch; returns the leaf hashes (hex) it logged and whether more may be queued. */
  integrate(): Promise<{ readonly logged: readonly string[]; readonly queueMayHaveMore: boolean }>;
  /** Which of these leaf hashes (hex) are logged. */
  logged(leafHashesHex: readonly string[]): Promise<Set<string>>;
  queueIsEmpty(): Promise<boolean>;
  /**
   * The entry is held in this process's memory for a coming batch: no need to look it up in the
   * database after every batch (a batch finding it logged elsewhere drops it; then it is looked up).
   */
  heldHere?(leafHashHex: string): boolean;
}

export interface SequencerOptions {
  readonly batchMaxEntries: number;
  readonly batchMaxWaitMs: number;
  readonly pollIntervalMs: number;
  /** A caller waiting longer than this gets log.sequencer.timeout (its entry stays queued). */
  readonly awaitTimeoutMs: number;
  readonly logger: Logger;
}

interface Waiter {
  readonly remaining: Set<string>;
  resolve(): void;
  reject(error: Error): void;
}

const MAX_RETRY_DELAY_MS = 5_000;

export class Sequencer {
  readonly #steps: SequencerSteps;
  readonly #options: SequencerOptions;
  readonly #waiters = new Set<Waiter>();
  /** Entries awaited since the current or last batch began: they count toward the next one. */
  #awaitedSinceBatch = 0;
  #batchTimer: NodeJS.Timeout | undefined;
  #pollTimer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #runAgain = false;
  #failures = 0;
  /** When awaited entries were last looked up in the database (ms, performance.now()). */
  #lastLookUp = 0;
  #state: 'open' | 'started' | 'stopping' | 'stopped' = 'open';
  #stopping: Promise<void> | undefined;

  constructor(steps: SequencerSteps, options: SequencerOptions) {
    this.#steps = steps;
    this.#options = options;
  }

  /** False once stop() has begun: new work is refused. */
  get accepting(): boolean {
    return this.#state === 'open' || this.#state === 'started';
  }

  /**
   * Resolves once every leaf hash (hex) is logged. Works before start(): awaiting schedules a batch.
   * `startNow`: the caller already gathered its entries into a group (issuance's coalescer), so the
   * batch starts at once instead of holding them `batchMaxWaitMs` for company; a batch already
   * running is followed at once by the next, as under load.
   */
  waitFor(leafHashesHex: readonly string[], options: { startNow?: boolean } = {}): Promise<void> {
    if (this.#state === 'stopping' || this.#state === 'stopped') {
      return Promise.reject(new CredentialLogError('log.sequencer.stopped', 'the credential log is shutting down'));
    }
    const remaining = new Set(leafHashesHex);
    if (remaining.size === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timeout = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new CredentialLogError('log.sequencer.timeout', `entries not logged within ${this.#options.awaitTimeoutMs} ms; they stay queued`));
      }, this.#options.awaitTimeoutMs);
      timeout.unref();
      const waiter: Waiter = {
        remaining,
        resolve: () => {
          clearTimeout(timeout);
          resolve();
        },
        reject: (error) => {
          clearTimeout(timeout);
          reject(error);
        },
      };
      this.#waiters.add(waiter);
      this.#awaitedSinceBatch += remaining.size;
      if (options.startNow === true || this.#awaitedSinceBatch >= this.#options.batchMaxEntries) this.#kick();
      else this.#scheduleBatch(this.#options.batchMaxWaitMs);
    });
  }

  start(): void {
    if (this.#state !== 'open') return;
    this.#state = 'started';
    this.#pollTimer = setInterval(() => void this.#poll(), this.#options.pollIntervalMs);
    this.#pollTimer.unref();
    // Catch up at once on entries a previous process queued but never logged.
    void this.#poll();
  }

  /** Logs what is queued, releases waiters, then refuses further work (once, however often called). */
  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    this.#state = 'stopping';
    clearInterval(this.#pollTimer);
    clearTimeout(this.#batchTimer);
    this.#batchTimer = undefined;
    await this.#running;
    if (this.#waiters.size > 0 || !(await this.#steps.queueIsEmpty().catch(() => true))) {
      this.#running = this.#run();
      await this.#running;
      this.#running = undefined;
    }
    clearTimeout(this.#batchTimer);
    this.#state = 'stopped';
    for (const waiter of this.#waiters) waiter.reject(new CredentialLogError('log.sequencer.stopped', 'the credential log stopped before these entries were logged'));
    this.#waiters.clear();
  }

  async #poll(): Promise<void> {
    if (this.#state !== 'started' || this.#running !== undefined) return;
    try {
      if (!(await this.#steps.queueIsEmpty())) this.#kick();
    } catch (error) {
      this.#options.logger.warn({ err: error }, 'credential log: cannot read the queue');
    }
  }

  #scheduleBatch(delayMs: number): void {
    if (this.#batchTimer !== undefined) return;
    this.#batchTimer = setTimeout(() => {
      this.#batchTimer = undefined;
      this.#kick();
    }, delayMs);
    this.#batchTimer.unref();
  }

  #kick(): void {
    clearTimeout(this.#batchTimer);
    this.#batchTimer = undefined;
    if (this.#state === 'stopped') return;
    if (this.#running !== undefined) {
      this.#runAgain = true;
      return;
    }
    this.#running = this.#run().finally(() => {
      this.#running = undefined;
    });
  }

  async #run(): Promise<void> {
    do {
      this.#runAgain = false;
      this.#awaitedSinceBatch = 0;
      let logged: readonly string[] = [];
      try {
        const outcome = await this.#steps.integrate();
        logged = outcome.logged;
        if (outcome.queueMayHaveMore) this.#runAgain = true;
        this.#failures = 0;
      } catch (error) {
        this.#failures += 1;
        this.#options.logger.error({ err: error, failures: this.#failures }, 'credential log: batch failed; will retry');
        if (this.#state === 'stopping') return;
        this.#scheduleBatch(Math.min(MAX_RETRY_DELAY_MS, this.#options.batchMaxWaitMs * 2 ** this.#failures));
        return;
      }
      // Entries logged by another process are looked up once the queue is drained (or at least every
      // batchMaxWaitMs under sustained load), not between back-to-back batches: the lookup is a
      // query on the sequencer's serial path.
      const lookUp = !this.#runAgain || performance.now() - this.#lastLookUp >= this.#options.batchMaxWaitMs;
      await this.#release(logged, lookUp);
    } while (this.#runAgain);
    // Still waiting: those entries are another sequencer's batch in flight; look again soon.
    if (this.#waiters.size > 0 && this.#state !== 'stopping') this.#scheduleBatch(this.#options.batchMaxWaitMs);
  }

  async #release(logged: readonly string[], lookUp: boolean): Promise<void> {
    const loggedNow = new Set(logged);
    const unresolved = new Set<string>();
    const heldHere = this.#steps.heldHere;
    for (const waiter of this.#waiters) {
      for (const hash of waiter.remaining) {
        if (loggedNow.has(hash)) waiter.remaining.delete(hash);
        else if (heldHere === undefined || !heldHere(hash)) unresolved.add(hash);
      }
    }
    if (lookUp && unresolved.size > 0) {
      this.#lastLookUp = performance.now();
      try {
        const elsewhere = await this.#steps.logged([...unresolved]);
        for (const waiter of this.#waiters) for (const hash of elsewhere) waiter.remaining.delete(hash);
      } catch (error) {
        this.#options.logger.warn({ err: error }, 'credential log: cannot look up awaited entries');
      }
    }
    for (const waiter of this.#waiters) {
      if (waiter.remaining.size === 0) {
        this.#waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }
}
