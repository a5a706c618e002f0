import type { CheckResult, CredentialStanding } from '../store/schemas.ts';

/**
 * One word for a list of named checks, most serious first: a revoked credential is "revoked" even
 * if its window also lapsed. A check that could not be made (status list or log unreachable, not
 * consulted, a status list that does not verify) does not condemn a credential: alone it makes the
 * standing "unknown", and the check's detail says why.
 */
export function isUndetermined(check: CheckResult): boolean {
  return !check.ok && /unreachable|unavailable|not_checked|no_registered_base|key_unavailable/.test(check.code);
}

export function standingOf(checks: readonly CheckResult[]): CredentialStanding {
  const failures = checks.filter((c) => !c.ok);
  const determinate = failures.filter((c) => !isUndetermined(c));
  const has = (predicate: (c: CheckResult) => boolean) => determinate.some(predicate);
  if (has((c) => c.code === 'status.revoked')) return 'revoked';
  if (has((c) => !c.check.startsWith('credential.status.') && c.check !== 'credential.validity_window')) return 'invalid';
  if (has((c) => c.code === 'status.suspended')) return 'suspended';
  if (has((c) => c.check === 'credential.validity_window' && c.code === 'validity.not_yet_valid')) return 'not-yet-valid';
  if (has((c) => c.check === 'credential.validity_window')) return 'expired';
  return failures.length > 0 ? 'unknown' : 'valid';
}
