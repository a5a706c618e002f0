import type { Context, Next } from 'koa';
import { problems } from './problem.ts';

export interface JsonBodyOptions {
  /** Hard cap on the raw body; larger bodies get 413 before they are buffered whole. */
  readonly limitBytes: number;
  /** Deeply nested JSON is a cheap way to make canonicalisation and validation expensive. */
  readonly maxDepth: number;
}

export const DEFAULT_BODY_LIMITS: JsonBodyOptions = { limitBytes: 1024 * 1024, maxDepth: 64 };

const JSON_TYPES = ['application/json', 'application/ld+json', 'application/problem+json'];

declare module 'koa' {
  interface Request {
    /** Parsed JSON body (unknown until validated with zod at the route). */
    jsonBody?: unknown;
  }
}

function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const mediaType = header.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  return JSON_TYPES.includes(mediaType) || mediaType.endsWith('+json');
}

/** Reads the body as bytes, aborting as soon as it passes the limit. */
async function readLimited(ctx: Context, limitBytes: number): Promise<Buffer> {
  const declared = ctx.request.length;
  if (declared !== undefined && declared > limitBytes) throw problems.tooLarge(limitBytes);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limitBytes) {
      ctx.req.destroy();
      throw problems.tooLarge(limitBytes);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

export function jsonDepthExceeds(value: unknown, maxDepth: number): boolean {
  // Iterative so that a hostile body cannot blow the stack while being measured.
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (current === null || typeof current !== 'object') continue;
    if (depth > maxDepth) return true;
    for (const child of Object.values(current as Record<string, unknown>)) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * Parses JSON bodies of POST/PUT/PATCH requests with a byte limit (413), a depth limit (400),
 * a content-type check (415) and a clear 400 for malformed JSON.
 */
export function jsonBody(options: JsonBodyOptions = DEFAULT_BODY_LIMITS) {
  return async function parseJsonBody(ctx: Context, next: Next): Promise<void> {
    if (!['POST', 'PUT', 'PATCH'].includes(ctx.method)) return next();
    const raw = await readLimited(ctx, options.limitBytes);
    if (raw.length === 0) {
      ctx.request.jsonBody = undefined;
      return next();
    }
    if (!isJsonContentType(ctx.get('content-type') || undefined)) {
      throw problems.unsupportedMediaType(ctx.get('content-type'), 'application/json');
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch (error) {
      throw problems.malformedJson(error instanceof Error ? error.message : 'unparseable body');
    }
    if (jsonDepthExceeds(parsed, options.maxDepth)) throw problems.tooDeep(options.maxDepth);
    ctx.request.jsonBody = parsed;
    return next();
  };
}
