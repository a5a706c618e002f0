import type { Router } from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { problems } from '../../core/http/problem.ts';
import { requireTenant, tenantForPath } from '../auth.ts';
import type { IssuerDeps } from '../deps.ts';
import { findCredentialOfIssuer } from '../stores/credentialStore.ts';
import { issuanceDatabase } from '../stores/issuanceDb.ts';
import type { IssuerRecord } from '../stores/issuerStore.ts';
import { issuePrepared, MAX_BATCH, prepareAll } from '../services/issueCredentials.ts';
import { parseEnvelope } from './requestBody.ts';

/**
 * W3C VC-API issuing (DESIGN §6): `POST /issuers/<id>/credentials/issue` and, for the token's own
 * tenant, `POST /credentials/issue` — body `{credential, options?}`, answer 201
 * `{verifiableCredential, receipt}` once the credential's issue entry is in the log. `issue-batch`
 * takes up to 1,000 credentials, all or nothing. Tenants read back only their own credentials.
 */
const options = z.looseObject({
  /** VC-API: the id to give the credential when it has none. */
  credentialId: z.string().optional(),
});

const issueBody = z.strictObject({
  credential: z.record(z.string(), z.unknown(), 'must be a JSON object (the unsigned credential)'),
  options: options.optional(),
});

const batchBody = z.strictObject({
  credentials: z
    .array(z.record(z.string(), z.unknown(), 'must be a JSON object (an unsigned credential)'), 'must be an array of unsigned credentials')
    .min(1, 'must hold at least one credential')
    .max(MAX_BATCH, `must hold at most ${MAX_BATCH} credentials`),
  options: z.strictObject({}).optional(),
});

function withCredentialId(credential: Record<string, unknown>, credentialId: string | undefined): Record<string, unknown> {
  return credentialId === undefined || credential.id !== undefined ? credential : { ...credential, id: credentialId };
}

export function mountCredentialRoutes(router: Router, deps: IssuerDeps): void {
  const tenantOnly = requireTenant(deps);

  async function issueOne(ctx: Context, tenant: IssuerRecord): Promise<void> {
    const body = parseEnvelope(issueBody, ctx.request.jsonBody, '{"credential": {…}, "options"?: {…}}');
    const credential = withCredentialId(body.credential, body.options?.credentialId);
    const prepared = prepareAll(tenant, [{ credential, path: 'credential' }], new Date());
    const [issued] = await issuePrepared(deps, tenant, prepared);
    ctx.status = 201;
    ctx.set('cache-control', 'no-store');
    ctx.body = issued;
  }

  router.post('/issuers/:issuerId/credentials/issue', tenantOnly, (ctx) => issueOne(ctx, tenantForPath(ctx, ctx.params.issuerId)));
  router.post('/credentials/issue', tenantOnly, (ctx) => issueOne(ctx, tenantForPath(ctx, undefined)));

  router.post('/issuers/:issuerId/credentials/issue-batch', tenantOnly, async (ctx) => {
    const tenant = tenantForPath(ctx, ctx.params.issuerId);
    const body = parseEnvelope(batchBody, ctx.request.jsonBody, `{"credentials": [ …up to ${MAX_BATCH} unsigned credentials ]}`);
    const prepared = prepareAll(
      tenant,
      body.credentials.map((credential, i) => ({ credential, path: `credentials[${i}]` })),
      new Date(),
    );
    const results = await issuePrepared(deps, tenant, prepared);
    ctx.status = 201;
    ctx.set('cache-control', 'no-store');
    ctx.body = { results };
  });

  router.get('/issuers/:issuerId/credentials/:credentialId', tenantOnly, async (ctx) => {
    const tenant = tenantForPath(ctx, ctx.params.issuerId);
    const credentialId = ctx.params.credentialId ?? '';
    const record = await findCredentialOfIssuer(issuanceDatabase(deps.db), tenant.id, credentialId);
    // Another tenant's credential is answered exactly like one that does not exist.
    if (!record) throw problems.notFound(`no credential ${credentialId.slice(0, 100)} issued by this issuer`);
    ctx.set('cache-control', 'no-store');
    ctx.body = {
      id: record.id,
      credentialType: record.credentialType,
      subject: record.subjectDid,
      credentialHash: record.credentialHash,
      issuedAt: record.issuedAt.toISOString(),
      revoked: record.revokedAt !== null,
      revokedAt: record.revokedAt?.toISOString() ?? null,
      suspended: record.suspended,
      verifiableCredential: JSON.parse(record.credentialJson) as unknown,
    };
  });
}
