import type { z } from 'zod';
import { WalletError } from '../errors.ts';

/**
 * The wallet's HTTP client: fetch with a timeout and a size cap, JSON validated with zod at the
 * edge, and every failure turned into one readable line — RFC 9457 problem+json bodies are shown
 * as "<what> answered 422 Validation failed: <detail>". POSTs never follow redirects (a redirect
 * must not carry a presentation somewhere else).
 */
export const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface HttpResult {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

export class HttpClient {
  readonly #timeoutMs: number;
  readonly #fetch: FetchLike;

  constructor(options: { timeoutMs: number; fetch?: FetchLike }) {
    this.#timeoutMs = options.timeoutMs;
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** GET, 2xx required, body as text. */
  async getText(url: string, what: string): Promise<string> {
    const result = await this.request('GET', url, what);
    if (result.status < 200 || result.status > 299) throw statusError(what, result);
    return result.text;
  }

  /** GET, 2xx required, body parsed as JSON and validated. */
  async getJson<S extends z.ZodType>(url: string, schema: S, what: string): Promise<z.output<S>> {
    const result = await this.request('GET', url, what);
    if (result.status < 200 || result.status > 299) throw statusError(what, result);
    return validate(schema, parseJson(result, what), what);
  }

  /**
   * POST a JSON body. Answers whose status is in `accept` are returned parsed (not validated: the
   * caller picks the schema by status); any other status is an error line.
   */
  async postJson(url: string, body: unknown, what: string, accept: readonly number[]): Promise<{ status: number; json: unknown }> {
    const result = await this.request('POST', url, what, JSON.stringify(body));
    if (!accept.includes(result.status)) throw statusError(what, result);
    return { status: result.status, json: parseJson(result, what) };
  }

  async request(method: 'GET' | 'POST', url: string, what: string, body?: string): Promise<HttpResult> {
    const parsed = checkUrl(url, what);
    let response: Response;
    try {
      response = await this.#fetch(parsed.toString(), {
        method,
        headers: { accept: 'application/json, text/plain;q=0.9, */*;q=0.1', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body }),
        redirect: method === 'POST' ? 'error' : 'follow',
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new WalletError('wallet.http.failed', `${what} at ${parsed.origin} did not answer within ${Math.round(this.#timeoutMs / 1000)} s`);
      }
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new WalletError('wallet.http.failed', `cannot reach ${what} at ${parsed.origin} (${reason})`);
    }
    const text = await readCapped(response, what);
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', text };
  }
}

function checkUrl(url: string, what: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new WalletError('wallet.input.invalid', `the URL for ${what} is not a valid URL: ${url.slice(0, 200)}`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new WalletError('wallet.input.invalid', `the URL for ${what} must be http or https, not ${parsed.protocol}`);
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new WalletError('wallet.input.invalid', `the URL for ${what} must not contain a user name or password`);
  }
  return parsed;
}

async function readCapped(response: Response, what: string): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > MAX_RESPONSE_BYTES) {
    await response.body?.cancel();
    throw new WalletError('wallet.http.invalid', `${what} sent ${declared} bytes, more than the ${MAX_RESPONSE_BYTES} the wallet accepts`);
  }
  if (response.body === null) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.length;
    if (total > MAX_RESPONSE_BYTES) throw new WalletError('wallet.http.invalid', `${what} sent more than the ${MAX_RESPONSE_BYTES} bytes the wallet accepts`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(result: HttpResult, what: string): unknown {
  try {
    return JSON.parse(result.text);
  } catch {
    throw new WalletError('wallet.http.invalid', `${what} answered HTTP ${result.status} with something that is not JSON`);
  }
}

export function validate<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  throw new WalletError('wallet.http.invalid', `${what} answered with an unexpected shape (${fields})`);
}

/** One line for a non-2xx answer; problem+json shows its title, detail and up to three field errors. */
export function statusError(what: string, result: HttpResult): WalletError {
  return new WalletError('wallet.http.failed', `${what} answered ${describeFailure(result)}`);
}

export function describeFailure(result: HttpResult): string {
  let problem: { title?: unknown; detail?: unknown; errors?: unknown } | undefined;
  if (/json/i.test(result.contentType)) {
    try {
      const json = JSON.parse(result.text) as unknown;
      if (json !== null && typeof json === 'object') problem = json as typeof problem;
    } catch {
      // not JSON after all: fall back to the status line
    }
  }
  const parts = [`${result.status}`];
  if (problem !== undefined && typeof problem.title === 'string') parts.push(oneLine(problem.title));
  let line = parts.join(' ');
  if (problem !== undefined && typeof problem.detail === 'string' && problem.detail !== problem.title) line += `: ${oneLine(problem.detail)}`;
  if (problem !== undefined && Array.isArray(problem.errors)) {
    const fields = (problem.errors as unknown[])
      .slice(0, 3)
      .map((e) => (e !== null && typeof e === 'object' ? `${String((e as { path?: unknown }).path)}: ${String((e as { message?: unknown }).message)}` : String(e)));
    if (fields.length > 0) line += ` (${fields.map(oneLine).join('; ')})`;
  }
  if (problem === undefined && result.status >= 300) line = `HTTP ${result.status}`;
  return line;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}
