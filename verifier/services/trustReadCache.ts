import type { VerifierDb } from '../stores/staffTokenStore.ts';
import { findTrustedIssuer, type TrustedIssuer } from '../stores/trustedIssuerStore.ts';
import { findTrustedLogByBaseUrl, type TrustedLog } from '../stores/trustedLogStore.ts';

/**
 * Trust registry and pinned-log reads for the verification path, remembered for a few seconds: a
 * hospital's registry changes a few times a year, while every credential checked reads it. Every
 * change made through this process empties the cache at once (after its transaction committed);
 * a change made by another verifier process sharing the database is seen within the TTL
 * (`VERIFIER_TRUST_CACHE_SECONDS`, 0 = always read). A pinned log's trusted checkpoint only moves
 * forward along consistency proofs, so a record a few seconds old is never less safe, only behind.
 */
interface Entry<V> {
  readonly value: Promise<V>;
  readonly expiresAt: number;
}

const MAX_ENTRIES = 10_000;

export class TrustReadCache {
  readonly #issuers = new Map<string, Entry<TrustedIssuer | undefined>>();
  readonly #logs = new Map<string, Entry<TrustedLog | undefined>>();
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(options: { ttlMs: number; now?: () => number }) {
    this.#ttlMs = options.ttlMs;
    this.#now = options.now ?? Date.now;
  }

  issuer(db: VerifierDb, did: string): Promise<TrustedIssuer | undefined> {
    return this.#read(this.#issuers, did, () => findTrustedIssuer(db, did));
  }

  logByBaseUrl(db: VerifierDb, baseUrl: string): Promise<TrustedLog | undefined> {
    return this.#read(this.#logs, baseUrl, () => findTrustedLogByBaseUrl(db, baseUrl));
  }

  /** Call after a committed change to trusted issuers or pinned logs. */
  invalidate(): void {
    this.#issuers.clear();
    this.#logs.clear();
  }

  #read<V>(map: Map<string, Entry<V>>, key: string, load: () => Promise<V>): Promise<V> {
    if (this.#ttlMs <= 0) return load();
    const now = this.#now();
    const known = map.get(key);
    if (known && known.expiresAt > now) return known.value;
    if (map.size >= MAX_ENTRIES) map.clear();
    const value = load();
    map.set(key, { value, expiresAt: now + this.#ttlMs });
    // A failed read is not remembered.
    value.catch(() => {
      if (map.get(key)?.value === value) map.delete(key);
    });
    return value;
  }
}
