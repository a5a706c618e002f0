import { CHECK_NAMES, type CheckName } from '../../core/verify/checkResult.ts';
import { problems } from '../../core/http/problem.ts';

/**
 * VC-API `options.checks`: which checks to run. Accepts RadCred's check names and the short names
 * VC-API clients use (`proof`, `status`, `expiration`, …). Unknown names are a 400, not ignored: a
 * client that thinks it asked for a check must not get `verified: true` without it.
 */
const ALIASES: Readonly<Record<string, readonly CheckName[]>> = {
  proof: ['credential.proof', 'presentation.proof'],
  issuer: ['credential.issuer_trusted'],
  issuer_trusted: ['credential.issuer_trusted'],
  validity: ['credential.validity_window'],
  validity_window: ['credential.validity_window'],
  expiration: ['credential.validity_window'],
  status: ['credential.status.revocation', 'credential.status.suspension'],
  credentialStatus: ['credential.status.revocation', 'credential.status.suspension'],
  revocation: ['credential.status.revocation'],
  suspension: ['credential.status.suspension'],
  log: ['credential.log_inclusion'],
  log_inclusion: ['credential.log_inclusion'],
  holder: ['credential.holder_binding'],
  holder_binding: ['credential.holder_binding'],
  challenge: ['presentation.challenge', 'presentation.replay'],
  replay: ['presentation.replay'],
  domain: ['presentation.domain'],
};

export const CHECK_SELECTORS: readonly string[] = [...CHECK_NAMES, ...Object.keys(ALIASES)];

export function selectChecks(requested: readonly string[] | undefined): ReadonlySet<CheckName> | undefined {
  if (requested === undefined) return undefined;
  const selected = new Set<CheckName>();
  const unknown: string[] = [];
  for (const name of requested) {
    if ((CHECK_NAMES as readonly string[]).includes(name)) selected.add(name as CheckName);
    else if (Object.hasOwn(ALIASES, name)) for (const check of ALIASES[name] ?? []) selected.add(check);
    else unknown.push(name);
  }
  if (unknown.length > 0) {
    throw problems.badRequest(`unknown check(s) in options.checks: ${unknown.join(', ')}`, [
      { path: 'options.checks', message: `known checks: ${CHECK_SELECTORS.join(', ')}` },
    ]);
  }
  if (selected.size === 0) throw problems.badRequest('options.checks names no check', [{ path: 'options.checks', message: 'name at least one check' }]);
  return selected;
}
