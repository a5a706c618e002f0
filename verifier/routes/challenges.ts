import type { Router } from '@koa/router';
import { actorOf, requireStaff } from '../auth.ts';
import type { VerifierDeps } from '../deps.ts';
import { createChallenge } from '../services/challenges.ts';

/** `POST /challenges` (staff): a single-use challenge for `POST /presentations/verify`. */
export function mountChallengeRoutes(router: Router, deps: VerifierDeps): void {
  router.post('/challenges', requireStaff(deps), async (ctx) => {
    const challenge = await createChallenge(deps, { purpose: 'api', actor: actorOf(ctx) });
    ctx.status = 201;
    ctx.set('cache-control', 'no-store');
    ctx.body = { challenge: challenge.challenge, domain: challenge.domain, expiresAt: challenge.expiresAt.toISOString() };
  });
}
