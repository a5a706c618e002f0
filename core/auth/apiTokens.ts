import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';
import { problems } from '../http/problem.ts';

/**
 * API tokens are 256 random bits, shown once and stored only as SHA-256: a database leak does not
 * leak usable tokens, and a fast hash is enough because the token has full entropy (no salt needed).
 * The readable prefix (`rcit_` issuer tenant, `rcop_` operator, `rcvs_` verifier staff) lets secret
 * scanners and people tell tokens apart.
 */
export type TokenPrefix = 'rcit' | 'rcop' | 'rcvs';

export function generateApiToken(prefix: TokenPrefix): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Compares a presented token with a configured one without leaking where they differ. */
export function tokensEqual(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** The bearer token of a request, or a 401 problem when there is none. */
export function requireBearerToken(ctx: Context): string {
  const header = ctx.get('authorization');
  if (header === '') throw problems.unauthorized('an Authorization: Bearer token is required');
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]{16,256})\s*$/i.exec(header);
  if (!match?.[1]) throw problems.unauthorized('the Authorization header must be "Bearer <token>"');
  return match[1];
}
