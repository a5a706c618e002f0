/**
 * Merges the lookups asked for within one turn of the event loop into one load. When a batch is
 * logged, the sequencer releases all its waiters at once; each then asks for its receipts, and
 * without this every request would run its own queries (hundreds per batch under load). With it,
 * one set of queries serves the whole batch.
 */
export type Loader<V> = (keys: readonly string[]) => Promise<Map<string, V>>;

interface PendingLoad<V> {
  readonly keys: Set<string>;
  readonly waiters: Array<{ resolve(map: Map<string, V>): void; reject(error: unknown): void }>;
}

export function coalescingLoader<V>(load: Loader<V>, maxKeysPerLoad = 4_096): Loader<V> {
  let pending: PendingLoad<V> | undefined;

  async function flush(batch: PendingLoad<V>): Promise<void> {
    const keys = [...batch.keys];
    const result = new Map<string, V>();
    try {
      for (let i = 0; i < keys.length; i += maxKeysPerLoad) {
        for (const [key, value] of await load(keys.slice(i, i + maxKeysPerLoad))) result.set(key, value);
      }
    } catch (error) {
      for (const waiter of batch.waiters) waiter.reject(error);
      return;
    }
    for (const waiter of batch.waiters) waiter.resolve(result);
  }

  return (keys) =>
    new Promise<Map<string, V>>((resolve, reject) => {
      let batch = pending;
      if (batch === undefined) {
        const fresh: PendingLoad<V> = { keys: new Set(), waiters: [] };
        batch = fresh;
        pending = fresh;
        setImmediate(() => {
          pending = undefined;
          void flush(fresh);
        });
      }
      for (const key of keys) batch.keys.add(key);
      batch.waiters.push({ resolve, reject });
    });
}
