/**
 * Every decision a RadCred verifier (hospital service or wallet) makes is a named check with a
 * stable code. A failed check is a value, never an exception: only bugs throw.
 */
export const CHECK_NAMES = [
  'credential.proof',
  'credential.issuer_trusted',
  'credential.validity_window',
  'credential.status.revocation',
  'credential.status.suspension',
  'credential.log_inclusion',
  'credential.holder_binding',
  'presentation.proof',
  'presentation.challenge',
  'presentation.domain',
  'presentation.replay',
] as const;

export type CheckName = (typeof CHECK_NAMES)[number];

export interface CheckResult {
  readonly check: CheckName;
  readonly ok: boolean;
  /** `ok` when the check passed; otherwise a stable dotted code such as `status.revoked`. */
  readonly code: string;
  /** One sentence a credentialing clerk can read. */
  readonly detail: string;
}

export function passed(check: CheckName, detail: string, code = 'ok'): CheckResult {
  return { check, ok: true, code, detail };
}

export function failed(check: CheckName, code: string, detail: string): CheckResult {
  return { check, ok: false, code, detail };
}

export function allPassed(results: readonly CheckResult[]): boolean {
  return results.every((r) => r.ok);
}

/** Short, one-line text of an unknown error for a check's detail (no stack, bounded length). */
export function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : 'unknown error';
  const line = message.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
