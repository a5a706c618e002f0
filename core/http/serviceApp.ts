import Koa from 'koa';
import { Router } from '@koa/router';
import { problemErrorHandler } from './errorHandler.ts';
import { requestLog } from './requestLog.ts';
import { countRequestsInFlight } from './requestsInFlight.ts';
import { jsonBody, DEFAULT_BODY_LIMITS, type JsonBodyOptions } from './jsonBody.ts';
import { mountHealth, type ReadinessProbe } from './health.ts';
import type { Logger } from './logger.ts';

export interface ServiceAppOptions {
  readonly name: string;
  readonly logger: Logger;
  readonly ready: ReadinessProbe;
  readonly bodyLimits?: JsonBodyOptions;
  /** Mounts the service's own routes. */
  readonly routes: (router: Router) => void;
}

/** The middleware stack every RadCred service shares, in the order that makes errors and limits uniform. */
export function createServiceApp(options: ServiceAppOptions): Koa {
  const app = new Koa({ proxy: false });
  // Koa would print errors itself; ours are already turned into problems and logged once.
  app.silent = true;
  const router = new Router();
  mountHealth(router, options.name, options.ready);
  options.routes(router);
  app.use(countRequestsInFlight());
  app.use(requestLog(options.logger));
  app.use(problemErrorHandler(options.logger));
  app.use(async (ctx, next) => {
    ctx.set('x-content-type-options', 'nosniff');
    await next();
  });
  app.use(jsonBody(options.bodyLimits ?? DEFAULT_BODY_LIMITS));
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
