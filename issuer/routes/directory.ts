import type { Router } from '@koa/router';
import type { IssuerDeps } from '../deps.ts';
import { listIssuers, type IssuerRecord } from '../stores/issuerStore.ts';

/** The public face of a tenant: what a hospital needs to decide whether to trust it. */
export function issuerDirectoryEntry(issuer: IssuerRecord) {
  return {
    id: issuer.id,
    name: issuer.name,
    kind: issuer.kind,
    jurisdiction: issuer.jurisdiction,
    did: issuer.did,
    credentialTypes: issuer.credentialTypes,
  };
}

export function mountDirectoryRoutes(router: Router, deps: IssuerDeps): void {
  router.get('/issuers', async (ctx) => {
    const issuers = await listIssuers(deps.db);
    ctx.set('cache-control', 'public, max-age=60');
    ctx.body = { issuers: issuers.map(issuerDirectoryEntry) };
  });
}
