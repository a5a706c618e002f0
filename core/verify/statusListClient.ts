import type { DocumentLoader } from '../credential/documentLoader.ts';
import { decodeEncodedList } from './bitstring.ts';
import { boundedFetchText, type TextFetcher } from './boundedFetch.ts';
import { checkCredentialProof } from './proofs.ts';
import { credentialIdOf, issuerDidOf, subjectOf, typesOf } from './credentialFacts.ts';
import { TtlCache } from './ttlCache.ts';
import { checkValidityWindow } from './validityWindow.ts';

/**
 * Fetches and verifies `BitstringStatusListCredential`s (W3C Bitstring Status List v1.0): the list
 * credential's own signature (offline loader), its type, that its `id` is the URL it was fetched
 * from, its validity window, and a decodable list. Verified lists are cached for `ttlMs`; the status
 * monitor asks with `fresh` to bypass the cache. Which URLs may be fetched at all is the caller's
 * decision (statusCheck.ts allows only the trusted issuer's registered base URL).
 */
export interface VerifiedStatusList {
  readonly url: string;
  readonly issuer: string;
  readonly purposes: readonly string[];
  readonly bits: Uint8Array;
  /** Fixed by the list credential (`statusSize`), 1 when absent. */
  readonly statusSize: number;
}

export type StatusListOutcome =
  | { readonly ok: true; readonly list: VerifiedStatusList; readonly ageMs: number }
  | { readonly ok: false; readonly code: string; readonly detail: string };

export interface StatusListClientOptions {
  readonly ttlMs: number;
  readonly fetchText?: TextFetcher;
  readonly documentLoader?: DocumentLoader;
  readonly now?: () => Date;
  readonly timeoutMs?: number;
}

type Loaded = { ok: true; list: VerifiedStatusList } | { ok: false; code: string; detail: string };

export class StatusListClient {
  readonly #cache: TtlCache<Loaded>;
  readonly #fetchText: TextFetcher;
  readonly #options: StatusListClientOptions;
  /** Fetches made (not cache hits): lets tests and the bench see the cache work. */
  fetches = 0;

  constructor(options: StatusListClientOptions) {
    this.#options = options;
    this.#cache = new TtlCache<Loaded>({ ttlMs: options.ttlMs, maxEntries: 2000 });
    this.#fetchText = options.fetchText ?? boundedFetchText;
  }

  async load(url: string, options: { fresh?: boolean } = {}): Promise<StatusListOutcome> {
    const { value, ageMs } = await this.#cache.get(url, () => this.#fetchAndVerify(url), {
      ...(options.fresh === undefined ? {} : { fresh: options.fresh }),
      shouldCache: (loaded) => loaded.ok,
    });
    return value.ok ? { ok: true, list: value.list, ageMs } : value;
  }

  async #fetchAndVerify(url: string): Promise<Loaded> {
    this.fetches += 1;
    const response = await this.#fetchText(url, { timeoutMs: this.#options.timeoutMs ?? 10_000, maxBytes: 1024 * 1024 });
    if (!response.ok) return { ok: false, code: 'status.list_unavailable', detail: `the status list could not be fetched: ${response.reason}` };
    let document: unknown;
    try {
      document = JSON.parse(response.text);
    } catch {
      return { ok: false, code: 'status.list_invalid', detail: `${url} did not answer with JSON` };
    }
    if (document === null || typeof document !== 'object' || Array.isArray(document)) {
      return { ok: false, code: 'status.list_invalid', detail: `${url} did not answer with a credential` };
    }
    const credential = document as Record<string, unknown>;
    if (!typesOf(credential).includes('BitstringStatusListCredential')) {
      return { ok: false, code: 'status.list_invalid', detail: `${url} is not a BitstringStatusListCredential` };
    }
    const id = credentialIdOf(credential);
    if (id !== undefined && id !== url) return { ok: false, code: 'status.list_invalid', detail: `the status list fetched from ${url} says it is ${id}` };
    const proof = await checkCredentialProof(credential, this.#options.documentLoader ? { documentLoader: this.#options.documentLoader } : {});
    if (!proof.ok) return { ok: false, code: 'status.list_signature_invalid', detail: `the status list's signature does not verify: ${proof.detail}` };
    const window = checkValidityWindow(credential, this.#options.now?.() ?? new Date());
    if (!window.ok) return { ok: false, code: 'status.list_stale', detail: `the status list is not currently valid: ${window.detail}` };
    const issuer = issuerDidOf(credential);
    const subject = subjectOf(credential);
    if (issuer === undefined || subject === undefined) return { ok: false, code: 'status.list_invalid', detail: 'the status list has no issuer or subject' };
    const purpose = subject.statusPurpose;
    const purposes = typeof purpose === 'string' ? [purpose] : Array.isArray(purpose) ? purpose.filter((p): p is string => typeof p === 'string') : [];
    const statusSize = subject.statusSize === undefined ? 1 : subject.statusSize;
    if (typeof statusSize !== 'number' || !Number.isInteger(statusSize) || statusSize < 1) {
      return { ok: false, code: 'status.list_invalid', detail: 'the status list has an invalid statusSize' };
    }
    const decoded = decodeEncodedList(subject.encodedList);
    if (!decoded.ok) return { ok: false, code: 'status.list_invalid', detail: `the status list cannot be decoded: ${decoded.reason}` };
    return { ok: true, list: { url, issuer, purposes, bits: decoded.bits, statusSize } };
  }
}
