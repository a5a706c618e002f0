import type { Context, Next } from 'koa';
import { HttpProblem, problems } from './problem.ts';
import type { Logger } from './logger.ts';

function sendProblem(ctx: Context, problem: HttpProblem): void {
  ctx.status = problem.status;
  for (const [name, value] of Object.entries(problem.headers)) ctx.set(name, value);
  ctx.type = 'application/problem+json';
  ctx.body = problem.toDocument();
}

/** Koa and its middleware throw `http-errors` objects (status + expose); keep their status, not their text. */
function fromHttpError(error: unknown): HttpProblem | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = (error as { status?: unknown }).status;
  if (typeof status !== 'number' || status < 400 || status > 599) return undefined;
  if (status === 413) return problems.tooLarge(Number((error as { limit?: unknown }).limit) || 0);
  if (status >= 500) return undefined;
  const message = (error as { expose?: boolean; message?: string }).expose ? (error as Error).message : undefined;
  return new HttpProblem({ status, slug: `http-${status}`, title: `HTTP ${status}`, ...(message ? { detail: message } : {}) });
}

/**
 * Outermost middleware: every failure becomes RFC 9457 problem+json, unknown errors are logged with
 * their stack on the server and answered with a generic 500, and unmatched routes get 404 / 405.
 */
export function problemErrorHandler(logger: Logger) {
  return async function handleErrors(ctx: Context, next: Next): Promise<void> {
    try {
      await next();
      if (ctx.body === undefined || ctx.body === null) {
        if (ctx.status === 404) throw problems.notFound(`no route for ${ctx.method} ${ctx.path}`);
        if (ctx.status === 405) {
          const allowed = (ctx.response.get('allow') || '').split(',').map((m) => m.trim()).filter(Boolean);
          throw problems.methodNotAllowed(ctx.method, allowed);
        }
        if (ctx.status === 501) {
          throw new HttpProblem({ status: 501, slug: 'not-implemented', title: 'Method not implemented', detail: `${ctx.method} is not supported` });
        }
      }
    } catch (error) {
      const problem = error instanceof HttpProblem ? error : fromHttpError(error);
      if (problem) {
        sendProblem(ctx, problem);
        return;
      }
      logger.error({ err: error, method: ctx.method, path: ctx.path }, 'unhandled error');
      sendProblem(ctx, problems.internal());
    }
  };
}
