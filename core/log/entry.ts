import canonicalizeModule from 'canonicalize';
import { z } from 'zod';
import { toHex, utf8Bytes } from './bytes.ts';
import { LogError } from './errors.ts';
import { leafHash, sha256Bytes } from './hashing.ts';

/**
 * Credential log entries (DESIGN §4): small JSON objects, RFC 8785 (JCS) canonical, holding no
 * personal data — only the issuer's DID and the SHA-256 of the signed credential.
 *
 * Decisions where the design is silent: `statusValue` is a boolean (the bit's new value: true =
 * revoked / suspended), `at` is RFC 3339 UTC with a `Z` (as Date#toISOString writes it), and the
 * size limit is 65,535 bytes: "64 KiB" but still representable in a tlog-tiles entry bundle, whose
 * length prefix is a uint16.
 */

export const MAX_ENTRY_BYTES = 0xffff;

type Canonicalize = (input: unknown) => string | undefined;
// canonicalize is CommonJS with an ESM-style `export default` typing: under NodeNext the default
// import is module.exports (the function) at run time but typed as the module object.
const moduleValue: unknown = canonicalizeModule;
const canonicalize: Canonicalize =
  typeof moduleValue === 'function' ? (moduleValue as Canonicalize) : (moduleValue as { default: Canonicalize }).default;

const didPattern = /^did:[a-z0-9]+:[A-Za-z0-9._:%-]+$/;
export const credentialHashPattern = /^sha256:[0-9a-f]{64}$/;

export const logEntrySchema = z
  .object({
    v: z.literal(1),
    kind: z.enum(['issue', 'status']),
    issuer: z.string().regex(didPattern, 'must be a DID'),
    credentialHash: z.string().regex(credentialHashPattern, 'must be sha256:<64 lowercase hex>'),
    statusPurpose: z.enum(['revocation', 'suspension']).optional(),
    statusValue: z.boolean().optional(),
    at: z.iso.datetime(),
  })
  .strict()
  .superRefine((entry, ctx) => {
    const hasStatus = entry.statusPurpose !== undefined || entry.statusValue !== undefined;
    if (entry.kind === 'status' && (entry.statusPurpose === undefined || entry.statusValue === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['statusPurpose'], message: 'a status entry needs statusPurpose and statusValue' });
    }
    if (entry.kind === 'issue' && hasStatus) {
      ctx.addIssue({ code: 'custom', path: ['statusPurpose'], message: 'an issue entry has no statusPurpose or statusValue' });
    }
  });

export type LogEntry = z.infer<typeof logEntrySchema>;

function validate(value: unknown): LogEntry {
  const result = logEntrySchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'entry';
    throw new LogError('log.entry.invalid', `log entry ${where}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}

/** RFC 8785 canonical JSON text of a value; rejects what JSON cannot hold. */
export function jcs(value: unknown): string {
  let text: string | undefined;
  try {
    text = canonicalize(value);
  } catch (error) {
    throw new LogError('log.entry.invalid', `value cannot be canonicalised: ${(error as Error).message}`);
  }
  if (text === undefined) throw new LogError('log.entry.invalid', 'value has no JSON representation');
  return text;
}

/** The entry's bytes as logged: validated, JCS-canonical UTF-8, at most MAX_ENTRY_BYTES. */
export function encodeLogEntry(entry: LogEntry): Uint8Array {
  const bytes = utf8Bytes(jcs(validate(entry)));
  if (bytes.length > MAX_ENTRY_BYTES) {
    throw new LogError('log.entry.too_large', `log entry is ${bytes.length} bytes, over the ${MAX_ENTRY_BYTES}-byte limit`);
  }
  return bytes;
}

/** Parses logged entry bytes, accepting only a valid entry in its canonical encoding. */
export function decodeLogEntry(bytes: Uint8Array): LogEntry {
  if (bytes.length > MAX_ENTRY_BYTES) throw new LogError('log.entry.too_large', `log entry is ${bytes.length} bytes, over the ${MAX_ENTRY_BYTES}-byte limit`);
  let text: string;
  let value: unknown;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    value = JSON.parse(text);
  } catch {
    throw new LogError('log.entry.invalid', 'log entry is not UTF-8 JSON');
  }
  const entry = validate(value);
  if (jcs(entry) !== text) throw new LogError('log.entry.not_canonical', 'log entry bytes are not the JCS encoding of the entry');
  return entry;
}

/** The entry's leaf hash: its identity in the log (identical entries are logged once). */
export function logEntryLeafHash(entry: LogEntry): Uint8Array {
  return leafHash(encodeLogEntry(entry));
}

/** `sha256:<hex>` of the JCS bytes of the signed credential (proof included). */
export function credentialHash(credential: unknown): string {
  if (credential === null || typeof credential !== 'object' || Array.isArray(credential)) {
    throw new LogError('log.entry.invalid', 'a credential must be a JSON object');
  }
  return `sha256:${toHex(sha256Bytes(utf8Bytes(jcs(credential))))}`;
}
