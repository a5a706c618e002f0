/**
 * A small TTL cache for values fetched from issuer services (status lists, log receipts), with
 * in-flight de-duplication: concurrent verifications that need the same list share one fetch.
 * Only successes are cached; a failure is retried on the next call.
 */
export interface TtlCacheOptions {
  readonly ttlMs: number;
  readonly maxEntries?: number;
  readonly now?: () => number;
}

export class TtlCache<V> {
  readonly #entries = new Map<string, { value: V; expiresAt: number; storedAt: number }>();
  readonly #inflight = new Map<string, Promise<V>>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: TtlCacheOptions) {
    this.#ttlMs = options.ttlMs;
    this.#maxEntries = options.maxEntries ?? 1000;
    this.#now = options.now ?? Date.now;
  }

  /** The cached value and its age in ms, if fresh. */
  peek(key: string): { value: V; ageMs: number } | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    const now = this.#now();
    if (now >= entry.expiresAt) {
      this.#entries.delete(key);
      return undefined;
    }
    return { value: entry.value, ageMs: now - entry.storedAt };
  }

  /**
   * The cached value, or the result of `load` (cached when `shouldCache` says so). With `fresh`,
   * the cache is bypassed but the new value still replaces the old one.
   */
  async get(key: string, load: () => Promise<V>, options: { fresh?: boolean; shouldCache?: (value: V) => boolean } = {}): Promise<{ value: V; ageMs: number; cached: boolean }> {
    if (!options.fresh) {
      const hit = this.peek(key);
      if (hit) return { ...hit, cached: true };
    }
    const pendingKey = `${options.fresh ? 'fresh' : 'any'}\n${key}`;
    let pending = this.#inflight.get(pendingKey);
    if (!pending) {
      pending = load().finally(() => this.#inflight.delete(pendingKey));
      this.#inflight.set(pendingKey, pending);
    }
    const value = await pending;
    if (options.shouldCache?.(value) ?? true) this.set(key, value);
    return { value, ageMs: 0, cached: false };
  }

  set(key: string, value: V): void {
    const now = this.#now();
    this.#entries.delete(key);
    this.#entries.set(key, { value, expiresAt: now + this.#ttlMs, storedAt: now });
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
    }
  }

  clear(): void {
    this.#entries.clear();
  }
}
