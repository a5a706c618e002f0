import type { Router } from '@koa/router';

export interface ReadinessProbe {
  /** Returns a reason when the service cannot serve yet (database down, migrations pending, draining). */
  (): Promise<string | undefined>;
}

/** `/healthz` says the process is alive; `/readyz` says it can serve (load balancers route on it). */
export function mountHealth(router: Router, serviceName: string, ready: ReadinessProbe): void {
  router.get('/healthz', (ctx) => {
    ctx.set('cache-control', 'no-store');
    ctx.body = { status: 'ok', service: serviceName };
  });
  router.get('/readyz', async (ctx) => {
    ctx.set('cache-control', 'no-store');
    let reason: string | undefined;
    try {
      reason = await ready();
    } catch (error) {
      reason = error instanceof Error ? error.message : 'readiness check failed';
    }
    if (reason !== undefined) {
      ctx.status = 503;
      ctx.type = 'application/problem+json';
      ctx.body = {
        type: 'https://w3id.org/radcred/problems/not-ready',
        title: 'Service not ready',
        status: 503,
        detail: reason,
      };
      return;
    }
    ctx.body = { status: 'ready', service: serviceName };
  });
}
