import type { Context, Next } from 'koa';
import { hashApiToken, requireBearerToken, tokensEqual } from '../core/auth/apiTokens.ts';
import { problems } from '../core/http/problem.ts';
import type { IssuerDeps } from './deps.ts';
import { findActiveToken } from './stores/tokenStore.ts';
import { findIssuerById, type IssuerRecord } from './stores/issuerStore.ts';

declare module 'koa' {
  interface DefaultState {
    tenant?: IssuerRecord;
  }
}

/** Only the service operator (RADCRED_OPERATOR_TOKEN) may create tenants and mint their tokens. */
export function requireOperator(deps: IssuerDeps) {
  return async function operatorOnly(ctx: Context, next: Next): Promise<void> {
    const token = requireBearerToken(ctx);
    if (!tokensEqual(token, deps.config.operatorToken)) throw problems.unauthorized('the operator token is not valid');
    await next();
  };
}

/** Resolves a tenant API token (stored as SHA-256) to its tenant; revoked and expired tokens fail. */
export function requireTenant(deps: IssuerDeps) {
  return async function tenantOnly(ctx: Context, next: Next): Promise<void> {
    const token = requireBearerToken(ctx);
    const match = await findActiveToken(deps.db, hashApiToken(token), new Date());
    if (!match) throw problems.unauthorized('the API token is unknown, revoked or expired');
    const tenant = await findIssuerById(deps.db, match.issuerId);
    if (!tenant) throw problems.unauthorized('the API token belongs to no issuer');
    ctx.state.tenant = tenant;
    await next();
  };
}

/** The authenticated tenant, which must be the issuer named in the path (a tenant never acts for another). */
export function tenantForPath(ctx: Context, issuerId: string | undefined): IssuerRecord {
  const tenant = ctx.state.tenant;
  if (!tenant) throw problems.unauthorized('an issuer API token is required');
  if (issuerId !== undefined && issuerId !== tenant.id) {
    throw problems.forbidden('this token belongs to another issuer');
  }
  return tenant;
}
