/**
 * GET with the limits a verifier needs when it talks to an issuer service: a timeout, no redirects
 * (a redirect could lead away from the registered base URL), and a cap on the body size. Failures
 * are values, so the calling check can report them.
 */
export interface FetchLimits {
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
}

export type FetchOutcome =
  | { readonly ok: true; readonly status: number; readonly contentType: string; readonly text: string; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly status?: number; readonly reason: string };

export type TextFetcher = (url: string, limits?: FetchLimits) => Promise<FetchOutcome>;

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

async function readCapped(response: Response, maxBytes: number): Promise<Buffer | undefined> {
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

export const boundedFetchText: TextFetcher = async (url, limits = {}) => {
  let response: Response;
  try {
    response = await fetch(url, {
      redirect: 'error',
      signal: AbortSignal.timeout(limits.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      headers: { accept: 'application/json, application/vc+ld+json, text/plain;q=0.9' },
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : (cause?.code ?? cause?.message ?? (error as Error).message);
    return { ok: false, reason: `GET ${url} failed: ${why}` };
  }
  const body = await readCapped(response, limits.maxBytes ?? DEFAULT_MAX_BYTES).catch(() => undefined);
  if (body === undefined) return { ok: false, status: response.status, reason: `GET ${url}: the response is larger than allowed or was cut off` };
  if (!response.ok) return { ok: false, status: response.status, reason: `GET ${url} answered HTTP ${response.status}` };
  return {
    ok: true,
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text: body.toString('utf8'),
    bytes: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
  };
};
