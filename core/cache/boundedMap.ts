/**
 * A Map that holds at most `maxEntries`: storing one more drops the oldest. With `recency: 'use'`
 * a hit also makes its entry the newest (least recently used dropped); by default entries age from
 * when they were first stored. For the process-wide caches of parsed keys, verifiers and verified
 * checkpoints, which must not grow without end under a stream of distinct inputs.
 */
export class BoundedMap<K, V> {
  readonly #entries = new Map<K, V>();
  readonly #maxEntries: number;
  readonly #refreshOnHit: boolean;

  constructor(maxEntries: number, options: { recency?: 'insertion' | 'use' } = {}) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError(`a bounded map holds at least one entry, got ${maxEntries}`);
    this.#maxEntries = maxEntries;
    this.#refreshOnHit = options.recency === 'use';
  }

  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined && this.#refreshOnHit) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  has(key: K): boolean {
    return this.#entries.has(key);
  }

  set(key: K, value: V): this {
    this.#entries.set(key, value);
    if (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    return this;
  }

  delete(key: K): boolean {
    return this.#entries.delete(key);
  }

  get size(): number {
    return this.#entries.size;
  }
}
