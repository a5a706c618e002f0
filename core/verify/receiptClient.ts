import { decodeEntryBundle, formatTilePath, TILE_WIDTH } from '../log/tiles.ts';
import { parseCheckpoint } from '../log/checkpoint.ts';
import { parseNote } from '../log/signedNote.ts';
import { parseTlogProof } from '../log/proofFile.ts';
import { boundedFetchText, type TextFetcher } from './boundedFetch.ts';
import { errorText } from './checkResult.ts';
import { parseReceipt, type Receipt } from './logReceipt.ts';
import { TtlCache } from './ttlCache.ts';

/**
 * Fetches a credential's issuance receipt from `GET <issuer service>/log/receipts/<credentialHash hex>`
 * — always from the trusted issuer's registered base URL, never from a URL inside a credential.
 * The service may answer the JSON receipt (`{entry, leafHash, leafIndex, treeSize, proof}`) or the
 * bare C2SP tlog-proof text; for the latter the entry is read from the proof's `extra` line or from
 * the log's entry bundle tile. Nothing fetched here is trusted: logReceipt.ts verifies it all.
 */
export type ReceiptOutcome =
  | { readonly ok: true; readonly receipt: Receipt }
  | { readonly ok: false; readonly code: 'log.not_found' | 'log.receipt_unavailable'; readonly detail: string };

export interface ReceiptClientOptions {
  readonly ttlMs: number;
  readonly fetchText?: TextFetcher;
  readonly timeoutMs?: number;
}

export class ReceiptClient {
  readonly #cache: TtlCache<ReceiptOutcome>;
  readonly #fetch: TextFetcher;
  readonly #timeoutMs: number;
  fetches = 0;

  constructor(options: ReceiptClientOptions) {
    this.#cache = new TtlCache({ ttlMs: options.ttlMs, maxEntries: 5000 });
    this.#fetch = options.fetchText ?? boundedFetchText;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
  }

  async receiptFor(baseUrl: string, credentialHash: string): Promise<ReceiptOutcome> {
    const hex = credentialHash.replace(/^sha256:/, '');
    if (!/^[0-9a-f]{64}$/.test(hex)) return { ok: false, code: 'log.receipt_unavailable', detail: 'not a credential hash' };
    const base = baseUrl.replace(/\/+$/, '');
    const { value } = await this.#cache.get(`${base}\n${hex}`, () => this.#load(base, hex), { shouldCache: (outcome) => outcome.ok });
    return value;
  }

  async #load(base: string, hex: string): Promise<ReceiptOutcome> {
    this.fetches += 1;
    const url = `${base}/log/receipts/${hex}`;
    const response = await this.#fetch(url, { timeoutMs: this.#timeoutMs, maxBytes: 256 * 1024 });
    if (!response.ok) {
      if (response.status === 404) return { ok: false, code: 'log.not_found', detail: `the issuer's log has no issuance entry for this credential (${url} answered 404)` };
      return { ok: false, code: 'log.receipt_unavailable', detail: `the log receipt could not be fetched: ${response.reason}` };
    }
    const text = response.text;
    if (text.trimStart().startsWith('{')) {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return { ok: false, code: 'log.receipt_unavailable', detail: `${url} answered malformed JSON` };
      }
      const wrapped = body !== null && typeof body === 'object' && 'receipt' in body ? (body as { receipt: unknown }).receipt : body;
      const receipt = parseReceipt(wrapped);
      return receipt ? { ok: true, receipt } : { ok: false, code: 'log.receipt_unavailable', detail: `${url} did not answer a receipt` };
    }
    return this.#fromTlogProof(base, text);
  }

  /** A bare tlog-proof: the entry comes from `extra` if it holds one, else from the entry bundle tile. */
  async #fromTlogProof(base: string, text: string): Promise<ReceiptOutcome> {
    let index: bigint;
    let size: bigint;
    let extra: Uint8Array | undefined;
    try {
      const parsed = parseTlogProof(text);
      index = parsed.index;
      extra = parsed.extra;
      size = parseCheckpoint(parseNote(parsed.checkpoint).text).size;
    } catch (error) {
      return { ok: false, code: 'log.receipt_unavailable', detail: `the log receipt is not a C2SP tlog-proof: ${errorText(error)}` };
    }
    if (extra !== undefined) {
      return { ok: true, receipt: { entry: Buffer.from(extra).toString('utf8'), leafIndex: index.toString(), proof: text } };
    }
    const tileIndex = index / BigInt(TILE_WIDTH);
    const tileEnd = (tileIndex + 1n) * BigInt(TILE_WIDTH);
    const width = size >= tileEnd ? TILE_WIDTH : Number(size - tileIndex * BigInt(TILE_WIDTH));
    const url = `${base}/log/${formatTilePath({ kind: 'entries', level: 0, index: tileIndex, width })}`;
    const response = await this.#fetch(url, { timeoutMs: this.#timeoutMs, maxBytes: TILE_WIDTH * 0x10002 });
    if (!response.ok) return { ok: false, code: 'log.receipt_unavailable', detail: `the log entry could not be fetched: ${response.reason}` };
    try {
      const entries = decodeEntryBundle(response.bytes);
      const entry = entries[Number(index % BigInt(TILE_WIDTH))];
      if (entry === undefined) return { ok: false, code: 'log.receipt_unavailable', detail: `${url} does not hold entry ${index}` };
      return { ok: true, receipt: { entry: Buffer.from(entry).toString('utf8'), leafIndex: index.toString(), proof: text } };
    } catch (error) {
      return { ok: false, code: 'log.receipt_unavailable', detail: `${url} is not an entry bundle: ${errorText(error)}` };
    }
  }

  clear(): void {
    this.#cache.clear();
  }
}
