import { z } from 'zod';
import { parseDidKey } from '../../crypto/didKey.ts';

/**
 * Field schemas shared by every RadCred credential subject. Each credential type composes
 * `subjectBaseShape` (the radiologist's did:key, name and NPI) with its own fields.
 */

/** An Ed25519 did:key without fragment, checked by decoding it (prefix, base58, multicodec, length). */
export const didKeySchema = z.string().superRefine((value, ctx) => {
  try {
    const parsed = parseDidKey(value);
    if (parsed.fragment !== undefined) ctx.addIssue({ code: 'custom', message: 'must be a did:key without a #fragment' });
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : 'not a did:key' });
  }
});

/**
 * NPI check digit (CMS "NPI check digit" spec): Luhn over the 9 leading digits prefixed with the
 * health-industry card issuer prefix 80840, which adds a constant 24 to the Luhn sum.
 */
export function isValidNpi(npi: string): boolean {
  if (!/^\d{10}$/.test(npi)) return false;
  let sum = 24;
  for (let i = 0; i < 9; i += 1) {
    let digit = npi.charCodeAt(i) - 48;
    // Doubling starts with the rightmost of the 9 digits (position 8), then every other one.
    if ((8 - i) % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10 === npi.charCodeAt(9) - 48;
}

export const npiSchema = z
  .string()
  .regex(/^\d{10}$/, { error: 'an NPI is exactly 10 digits', abort: true })
  .refine(isValidNpi, 'the NPI check digit is wrong (Luhn with prefix 80840)');

/** A calendar date, YYYY-MM-DD (xsd:date without time zone), rejecting impossible dates. */
export const isoDateSchema = z.iso.date('must be a date written YYYY-MM-DD');

/** A trimmed, non-empty single-line text of at most `max` characters. */
export function text(max: number) {
  return z
    .string()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((v) => v.trim() === v, 'must not start or end with spaces')
    .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), 'must not contain control characters');
}

/** A JSON array used as an unordered set (`@container: @set`): duplicates are rejected, not merged. */
export function textSet(max: number, maxItems: number) {
  return z
    .array(text(max))
    .max(maxItems, `at most ${maxItems} entries`)
    .refine((items) => new Set(items).size === items.length, 'must not contain duplicates');
}

export const subjectBaseShape = {
  id: didKeySchema,
  name: text(200),
  npi: npiSchema,
};

/** ISO 3166-2:US subdivisions: the 50 states, DC, and the outlying areas (each has its own licensing board or code). */
export const US_SUBDIVISIONS = [
  'US-AL', 'US-AK', 'US-AZ', 'US-AR', 'US-CA', 'US-CO', 'US-CT', 'US-DE', 'US-FL', 'US-GA',
  'US-HI', 'US-ID', 'US-IL', 'US-IN', 'US-IA', 'US-KS', 'US-KY', 'US-LA', 'US-ME', 'US-MD',
  'US-MA', 'US-MI', 'US-MN', 'US-MS', 'US-MO', 'US-MT', 'US-NE', 'US-NV', 'US-NH', 'US-NJ',
  'US-NM', 'US-NY', 'US-NC', 'US-ND', 'US-OH', 'US-OK', 'US-OR', 'US-PA', 'US-RI', 'US-SC',
  'US-SD', 'US-TN', 'US-TX', 'US-UT', 'US-VT', 'US-VA', 'US-WA', 'US-WV', 'US-WI', 'US-WY',
  'US-DC', 'US-AS', 'US-GU', 'US-MP', 'US-PR', 'US-UM', 'US-VI',
] as const;

export const usSubdivisionSchema = z.enum(US_SUBDIVISIONS, {
  error: 'must be an ISO 3166-2 US subdivision code such as US-NY',
});

/** True when `later` is strictly after `earlier` (both YYYY-MM-DD, so string order is date order). */
export function isAfter(later: string, earlier: string): boolean {
  return later > earlier;
}

/**
 * zod runs object-level refinements even when a field already failed; cross-field rules call this
 * first so one bad field is reported once, at its own path, and not again through a rule it feeds.
 */
export function allValid(pairs: readonly [z.ZodType, unknown][]): boolean {
  return pairs.every(([schema, value]) => schema.safeParse(value).success);
}
