import type { VerifiableCredentialShape } from '../credentialShape.ts';
import type { CredentialQueryItem } from './requestSchema.ts';

/**
 * QueryByExample matching as the verifier's requests use it (contracts.md): every type in
 * `example.type` must be among the credential's types; in `example.credentialSubject`, an array
 * means "any of these", `{"after": date}` means on or after that date, an object recurses, anything
 * else must be equal. A subject value that is itself an array matches if any element does.
 */
export function matchesExample(credential: VerifiableCredentialShape, example: CredentialQueryItem['example']): boolean {
  const wantedTypes = Array.isArray(example.type) ? example.type : [example.type];
  if (!wantedTypes.every((type) => credential.type.includes(type))) return false;
  return example.credentialSubject === undefined || matchesObject(credential.credentialSubject, example.credentialSubject);
}

function matchesObject(actual: unknown, expected: Record<string, unknown>): boolean {
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
  const record = actual as Record<string, unknown>;
  return Object.entries(expected).every(([key, want]) => Object.hasOwn(record, key) && matchesValue(record[key], want));
}

function matchesValue(actual: unknown, want: unknown): boolean {
  if (Array.isArray(actual)) return actual.some((element) => matchesValue(element, want));
  if (Array.isArray(want)) return want.some((option) => matchesValue(actual, option));
  if (want !== null && typeof want === 'object') {
    const constraint = want as Record<string, unknown>;
    if (Object.keys(constraint).length === 1 && typeof constraint.after === 'string') return onOrAfter(actual, constraint.after);
    return matchesObject(actual, constraint);
  }
  return actual === want;
}

/** Dates compare as YYYY-MM-DD strings when both are plain dates, otherwise as instants. */
function onOrAfter(actual: unknown, bound: string): boolean {
  if (typeof actual !== 'string') return false;
  const plainDate = /^\d{4}-\d{2}-\d{2}$/;
  if (plainDate.test(actual) && plainDate.test(bound)) return actual >= bound;
  const a = Date.parse(actual);
  const b = Date.parse(bound);
  return Number.isFinite(a) && Number.isFinite(b) && a >= b;
}
