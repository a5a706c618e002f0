import type { CredentialStanding } from '../store/schemas.ts';
import type { Style } from '../ui/style.ts';

/** A standing as a person should read it: problems in capitals (plain even without colour). */
export function standingText(standing: CredentialStanding | null, style: Style): string {
  switch (standing) {
    case 'valid':
      return style.green('valid');
    case 'revoked':
      return style.red('REVOKED');
    case 'suspended':
      return style.red('SUSPENDED');
    case 'expired':
      return style.red('EXPIRED');
    case 'invalid':
      return style.red('INVALID');
    case 'not-yet-valid':
      return style.yellow('NOT YET VALID');
    case 'unknown':
      return style.yellow('unknown');
    case null:
      return style.yellow('unchecked');
  }
}

/** Standings that make `check`/`refresh` exit 3. */
export function isProblem(standing: CredentialStanding | null): boolean {
  return standing === 'revoked' || standing === 'suspended' || standing === 'expired' || standing === 'invalid' || standing === 'not-yet-valid';
}
