import type { Router } from '@koa/router';
import { radcredContext } from '../../core/credential/contexts.ts';

/** Serves the bundled RadCred JSON-LD context so others can read the vocabulary; verifiers never fetch it. */
export function mountContextRoutes(router: Router): void {
  const body = JSON.stringify(radcredContext, null, 2);
  router.get('/contexts/v1', (ctx) => {
    ctx.type = 'application/ld+json';
    ctx.set('cache-control', 'public, max-age=86400, immutable');
    ctx.body = body;
  });
}
