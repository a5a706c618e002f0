import type { Router } from '@koa/router';
import { issuerOpenApiDocument } from '../openapi.ts';

export function mountOpenApiRoute(router: Router): void {
  const body = JSON.stringify(issuerOpenApiDocument());
  router.get('/openapi.json', (ctx) => {
    ctx.type = 'application/json';
    ctx.set('cache-control', 'public, max-age=300');
    ctx.body = body;
  });
}
