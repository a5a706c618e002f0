import { randomBytes, randomUUID } from 'node:crypto';
import type { VerifierDeps } from '../deps.ts';
import { insertChallenge, type StoredChallenge } from '../stores/challengeStore.ts';
import type { VerifierDb } from '../stores/staffTokenStore.ts';

/** The domain presentations must be bound to: this verifier's public host (host:port). */
export function verifierDomain(deps: VerifierDeps): string {
  return new URL(deps.publicUrl).host;
}

/** A fresh single-use challenge (128 random bits). */
export async function createChallenge(
  deps: VerifierDeps,
  options: { purpose: 'api' | 'request'; actor: string; ttlSeconds?: number; db?: VerifierDb },
): Promise<StoredChallenge> {
  const now = deps.now();
  const challenge: StoredChallenge = {
    id: randomUUID(),
    challenge: randomBytes(16).toString('base64url'),
    domain: verifierDomain(deps),
    purpose: options.purpose,
    createdBy: options.actor,
    createdAt: now,
    expiresAt: new Date(now.getTime() + (options.ttlSeconds ?? deps.config.challengeTtlSeconds) * 1000),
    usedAt: null,
  };
  await insertChallenge(options.db ?? deps.db, challenge);
  return challenge;
}
