import { BoundedMap } from '../cache/boundedMap.ts';
import { bitAt } from './bitstring.ts';
import { failed, passed, type CheckName, type CheckResult } from './checkResult.ts';
import { issuerDidOf } from './credentialFacts.ts';
import type { StatusListClient } from './statusListClient.ts';

/**
 * `credential.status.revocation` and `credential.status.suspension` (W3C Bitstring Status List).
 * A status list is fetched only when its URL lies under the base URL registered for the credential's
 * trusted issuer — never from wherever the credential points — and only a list signed by the
 * credential's own issuer counts.
 */
export const STATUS_PURPOSES = ['revocation', 'suspension'] as const;
export type StatusPurpose = (typeof STATUS_PURPOSES)[number];

export interface StatusOutcome {
  readonly purpose: StatusPurpose;
  readonly result: CheckResult;
  /** The bit, when the list was read: true = revoked / suspended. Undefined when unknown or not listed. */
  readonly value: boolean | undefined;
  /** The list's URL, when the credential has an entry for this purpose. */
  readonly listUrl?: string;
}

export interface StatusCheckContext {
  readonly client: StatusListClient;
  /** The trusted issuer's registered base URL (null / undefined: none registered, so nothing is fetched). */
  readonly allowedBaseUrl: string | null | undefined;
  /** Bypass the cache (the status monitor). */
  readonly fresh?: boolean;
}

const CHECK_OF: Record<StatusPurpose, CheckName> = {
  revocation: 'credential.status.revocation',
  suspension: 'credential.status.suspension',
};

function statusEntries(credential: Record<string, unknown>): Record<string, unknown>[] {
  const value = credential.credentialStatus;
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((e): e is Record<string, unknown> => e !== null && typeof e === 'object' && !Array.isArray(e));
}

/**
 * Answers of `isUnderBaseUrl`. Every credential asks it twice with its issuer's few status list
 * URLs, and the answer depends on the two strings alone, so parsing them once spares the event
 * loop two URL objects per question. Keyed by the base's length, the base, then the URL, so no two
 * pairs share a key.
 */
const underBaseAnswers = new BoundedMap<string, boolean>(4096);

/** True when `url` lies under `base` (same origin, path below it): no prefix tricks like `base.evil`. */
export function isUnderBaseUrl(url: string, base: string): boolean {
  const key = `${base.length}:${base}${url}`;
  const known = underBaseAnswers.get(key);
  if (known !== undefined) return known;
  const answer = parsedUnderBaseUrl(url, base);
  underBaseAnswers.set(key, answer);
  return answer;
}

function parsedUnderBaseUrl(url: string, base: string): boolean {
  let parsed: URL;
  let root: URL;
  try {
    parsed = new URL(url);
    root = new URL(base.endsWith('/') ? base : `${base}/`);
  } catch {
    return false;
  }
  if (!['http:', 'https:'].includes(parsed.protocol) || parsed.username !== '' || parsed.password !== '') return false;
  return parsed.origin === root.origin && parsed.pathname.startsWith(root.pathname) && !parsed.pathname.includes('/../');
}

function parseIndex(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && /^(0|[1-9]\d{0,15})$/.test(value)) return Number(value);
  return undefined;
}

async function checkPurpose(credential: Record<string, unknown>, purpose: StatusPurpose, context: StatusCheckContext): Promise<StatusOutcome> {
  const check = CHECK_OF[purpose];
  const entries = statusEntries(credential).filter((e) => e.statusPurpose === purpose);
  if (entries.length === 0) {
    return { purpose, value: undefined, result: passed(check, `the credential has no ${purpose} status entry, so it cannot be ${purpose === 'revocation' ? 'revoked' : 'suspended'}`, 'status.not_listed') };
  }
  if (entries.length > 1) return { purpose, value: undefined, result: failed(check, 'status.entry_invalid', `the credential has ${entries.length} ${purpose} status entries`) };
  const entry = entries[0] as Record<string, unknown>;
  if (entry.type !== 'BitstringStatusListEntry') {
    return { purpose, value: undefined, result: failed(check, 'status.unsupported', `status entry type ${String(entry.type)} is not supported (BitstringStatusListEntry only)`) };
  }
  const url = entry.statusListCredential;
  const index = parseIndex(entry.statusListIndex);
  if (typeof url !== 'string' || index === undefined) {
    return { purpose, value: undefined, result: failed(check, 'status.entry_invalid', 'the status entry needs a statusListCredential URL and a non-negative statusListIndex') };
  }
  if (!context.allowedBaseUrl) {
    return { purpose, value: undefined, listUrl: url, result: failed(check, 'status.no_registered_base', 'no status base URL is registered for this issuer, so its status list is not fetched') };
  }
  if (!isUnderBaseUrl(url, context.allowedBaseUrl)) {
    return {
      purpose,
      value: undefined,
      listUrl: url,
      result: failed(check, 'status.url_not_registered', `the status list ${url} is not under the issuer's registered base URL ${context.allowedBaseUrl}; it was not fetched`),
    };
  }
  const loaded = await context.client.load(url, context.fresh === undefined ? {} : { fresh: context.fresh });
  if (!loaded.ok) return { purpose, value: undefined, listUrl: url, result: failed(check, loaded.code, loaded.detail) };
  const { list } = loaded;
  const issuer = issuerDidOf(credential);
  if (list.issuer !== issuer) {
    return { purpose, value: undefined, listUrl: url, result: failed(check, 'status.list_wrong_issuer', `the status list is signed by ${list.issuer}, not by the credential's issuer`) };
  }
  if (!list.purposes.includes(purpose)) {
    return { purpose, value: undefined, listUrl: url, result: failed(check, 'status.list_wrong_purpose', `the status list is for ${list.purposes.join(', ') || 'no purpose'}, not ${purpose}`) };
  }
  if (list.statusSize !== 1) {
    return { purpose, value: undefined, listUrl: url, result: failed(check, 'status.unsupported', `status lists with statusSize ${list.statusSize} are not supported`) };
  }
  const bit = bitAt(list.bits, index);
  if (bit === undefined) {
    return { purpose, value: undefined, listUrl: url, result: failed(check, 'status.index_out_of_range', `status index ${index} is past the end of the list (${list.bits.length * 8} entries)`) };
  }
  const age = loaded.ageMs > 0 ? ` (list fetched ${Math.round(loaded.ageMs / 1000)} s ago)` : '';
  if (bit) {
    const word = purpose === 'revocation' ? 'revoked' : 'suspended';
    return { purpose, value: true, listUrl: url, result: failed(check, `status.${word}`, `the issuer has ${word} this credential${age}`) };
  }
  return { purpose, value: false, listUrl: url, result: passed(check, `not ${purpose === 'revocation' ? 'revoked' : 'suspended'}${age}`) };
}

export async function checkCredentialStatus(credential: Record<string, unknown>, context: StatusCheckContext): Promise<StatusOutcome[]> {
  return Promise.all(STATUS_PURPOSES.map((purpose) => checkPurpose(credential, purpose, context)));
}
