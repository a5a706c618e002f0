import type { DirectCandidate } from './batchIntegration.ts';
import type { EntryToQueue } from './logStore.ts';

/**
 * Entries of append() callers waiting, in this process's memory, for the next batch: the batch's own
 * transaction is their group commit, so they cost no queue insert, queue delete or commit of their
 * own. Nothing here is acknowledged: a caller gets its receipt only after the batch that logged its
 * entries committed, so a crash before that loses only entries nobody was told are logged (and the
 * caller, in the same process, dies with them). Arrival order is kept; a leaf hash is held once.
 */
export class DirectAppends {
  #pending = new Map<string, EntryToQueue>();

  get size(): number {
    return this.#pending.size;
  }

  has(leafHashHex: string): boolean {
    return this.#pending.has(leafHashHex);
  }

  /** Adds entries not already held (strict dedup within the process starts here). */
  add(entries: readonly DirectCandidate[]): void {
    for (const { hex, entry } of entries) if (!this.#pending.has(hex)) this.#pending.set(hex, entry);
  }

  /** Removes and returns up to `max` of the oldest entries. */
  take(max: number): DirectCandidate[] {
    const taken: DirectCandidate[] = [];
    for (const [hex, entry] of this.#pending) {
      if (taken.length >= max) break;
      taken.push({ hex, entry });
    }
    for (const { hex } of taken) this.#pending.delete(hex);
    return taken;
  }

  /** Gives back entries a batch took but did not log (no room, or the batch failed), ahead of newer ones. */
  putBack(entries: readonly DirectCandidate[]): void {
    if (entries.length === 0) return;
    const merged = new Map<string, EntryToQueue>(entries.map(({ hex, entry }) => [hex, entry]));
    for (const [hex, entry] of this.#pending) if (!merged.has(hex)) merged.set(hex, entry);
    this.#pending = merged;
  }
}
