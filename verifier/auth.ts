import type { Context, Next } from 'koa';
import { hashApiToken, requireBearerToken, tokensEqual } from '../core/auth/apiTokens.ts';
import { problems } from '../core/http/problem.ts';
import type { VerifierDeps } from './deps.ts';
import { findActiveStaffToken } from './stores/staffTokenStore.ts';

declare module 'koa' {
  interface DefaultState {
    /** Who is acting, for the audit record: `admin` or `staff:<token id>`. */
    actor?: string;
  }
}

/** Hospital staff: the configured admin token, or a staff token minted by the admin (stored hashed). */
export function requireStaff(deps: VerifierDeps) {
  return async function staffOnly(ctx: Context, next: Next): Promise<void> {
    const token = requireBearerToken(ctx);
    if (tokensEqual(token, deps.config.adminToken)) {
      ctx.state.actor = 'admin';
    } else {
      const match = await findActiveStaffToken(deps.db, hashApiToken(token));
      if (!match) throw problems.unauthorized('the staff token is unknown or revoked');
      ctx.state.actor = `staff:${match.id}:${match.label}`;
    }
    await next();
  };
}

/** Only the admin token may mint staff tokens. */
export function requireAdmin(deps: VerifierDeps) {
  return async function adminOnly(ctx: Context, next: Next): Promise<void> {
    const token = requireBearerToken(ctx);
    if (!tokensEqual(token, deps.config.adminToken)) throw problems.unauthorized('the admin token is not valid');
    ctx.state.actor = 'admin';
    await next();
  };
}

export function actorOf(ctx: Context): string {
  if (!ctx.state.actor) throw problems.unauthorized('a staff token is required');
  return ctx.state.actor;
}
