import { randomUUID } from 'node:crypto';
import type { Context, Next } from 'koa';
import type { Logger } from './logger.ts';

/**
 * One log line per request: method, the matched route pattern (never the raw path or query, which
 * carry one-time secrets such as `/requests/<id>/<secret>`), status, duration and a request id
 * echoed to the client. Headers are not logged.
 */
export function requestLog(logger: Logger) {
  return async function logRequest(ctx: Context, next: Next): Promise<void> {
    const started = process.hrtime.bigint();
    const requestId = randomUUID();
    ctx.set('x-request-id', requestId);
    try {
      await next();
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // @koa/router records the pattern it matched; unmatched requests log only that fact.
      const route = (ctx as Context & { _matchedRoute?: string | RegExp })._matchedRoute;
      const path = route === undefined ? '(no route)' : String(route);
      logger.info({ requestId, method: ctx.method, path, status: ctx.status, ms: Math.round(ms * 100) / 100 }, 'request');
    }
  };
}
