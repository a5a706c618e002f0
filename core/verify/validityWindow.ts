import { failed, passed, type CheckResult } from './checkResult.ts';

/**
 * `credential.validity_window`: VC 2.0 `validFrom` / `validUntil`, or VC 1.1 `issuanceDate` /
 * `expirationDate`, against the verifier's clock with a small tolerance for clock skew.
 */
export const DEFAULT_CLOCK_SKEW_SECONDS = 300;

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

function readDate(credential: Record<string, unknown>, names: readonly string[]): { name: string; value: Date | 'invalid' } | undefined {
  for (const name of names) {
    if (!(name in credential)) continue;
    const raw = credential[name];
    if (typeof raw !== 'string' || !DATE_TIME.test(raw) || Number.isNaN(Date.parse(raw))) return { name, value: 'invalid' };
    return { name, value: new Date(raw) };
  }
  return undefined;
}

export function checkValidityWindow(
  credential: Record<string, unknown>,
  now: Date,
  options: { clockSkewSeconds?: number } = {},
): CheckResult {
  const skewMs = (options.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS) * 1000;
  const from = readDate(credential, ['validFrom', 'issuanceDate']);
  const until = readDate(credential, ['validUntil', 'expirationDate']);
  for (const bound of [from, until]) {
    if (bound?.value === 'invalid') {
      return failed('credential.validity_window', 'validity.malformed', `${bound.name} is not an XML Schema dateTime with a time zone`);
    }
  }
  const fromDate = from?.value as Date | undefined;
  const untilDate = until?.value as Date | undefined;
  if (fromDate && now.getTime() + skewMs < fromDate.getTime()) {
    return failed('credential.validity_window', 'validity.not_yet_valid', `not valid before ${fromDate.toISOString()} (${from?.name})`);
  }
  if (untilDate && now.getTime() - skewMs > untilDate.getTime()) {
    return failed('credential.validity_window', 'validity.expired', `expired ${untilDate.toISOString()} (${until?.name})`);
  }
  const range = [fromDate ? `from ${fromDate.toISOString().slice(0, 10)}` : 'no start date', untilDate ? `until ${untilDate.toISOString().slice(0, 10)}` : 'no end date'];
  return passed('credential.validity_window', `valid ${range.join(' ')}`);
}
