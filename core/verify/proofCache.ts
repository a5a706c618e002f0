import { createHash } from 'node:crypto';
import { BoundedMap } from '../cache/boundedMap.ts';
import type { CheckResult } from './checkResult.ts';

/**
 * Credential signatures already verified, keyed by the SHA-256 of the credential's exact JSON (as
 * parsed: the bytes the signature covers cannot differ without the key differing) and the
 * verification methods its proofs name. A signature that verified stays valid for those bytes, so a
 * credential seen before (the same radiologist re-credentialed, a monthly re-check) skips the
 * JSON-LD and Ed25519 work; everything that can change — status, validity window, trust, policy —
 * is checked again on every verification by the callers. Only passes are kept (a failure costs an
 * attacker nothing to repeat, and must not be remembered as if it were a verdict on other bytes).
 * Bounded: the oldest entries go first.
 */
export class VerifiedProofCache {
  readonly #entries: BoundedMap<string, CheckResult>;
  hits = 0;
  misses = 0;

  constructor(options: { maxEntries?: number } = {}) {
    this.#entries = new BoundedMap(options.maxEntries ?? 50_000);
  }

  /** The cache key of a credential, or undefined when it names no verification method. */
  static keyOf(credential: Record<string, unknown>): string | undefined {
    const proofs = Array.isArray(credential.proof) ? credential.proof : [credential.proof];
    const methods: string[] = [];
    for (const proof of proofs) {
      const method = (proof as { verificationMethod?: unknown } | null)?.verificationMethod;
      if (typeof method !== 'string') return undefined;
      methods.push(method);
    }
    if (methods.length === 0) return undefined;
    const digest = createHash('sha256').update(JSON.stringify(credential)).digest('base64url');
    return `${digest} ${methods.join(' ')}`;
  }

  get(key: string): CheckResult | undefined {
    const found = this.#entries.get(key);
    if (found === undefined) {
      this.misses += 1;
      return undefined;
    }
    this.hits += 1;
    return found;
  }

  /** Remembers a passed check; anything else is ignored. */
  remember(key: string, result: CheckResult): void {
    if (!result.ok) return;
    this.#entries.set(key, result);
  }

  get size(): number {
    return this.#entries.size;
  }
}
