/**
 * The error class of core/credential, with a stable `code`. JSON-LD libraries wrap loader errors
 * (jsonld.js puts ours in `details.cause`), so `findCodedCause` digs the coded error back out.
 */
export type CredentialErrorCode =
  | 'credential.context.unknown'
  | 'credential.type.unknown'
  | 'credential.subject.invalid'
  | 'credential.shape.invalid';

export interface FieldError {
  /** Dotted path from the credential root, e.g. `credentialSubject.npi`. */
  readonly path: string;
  readonly message: string;
}

export class CredentialError extends Error {
  readonly code: CredentialErrorCode;
  readonly fields: readonly FieldError[];

  constructor(code: CredentialErrorCode, message: string, fields: readonly FieldError[] = []) {
    super(message);
    this.name = 'CredentialError';
    this.code = code;
    this.fields = fields;
  }
}

/** Builds the error for a list of failing fields: the message names each one (`path: message; …`). */
export function fieldsError(code: CredentialErrorCode, summary: string, fields: readonly FieldError[]): CredentialError {
  const listed = fields.map((f) => `${f.path}: ${f.message}`).join('; ');
  return new CredentialError(code, `${summary}: ${listed}`, fields);
}

interface MaybeCoded {
  code?: unknown;
  cause?: unknown;
  details?: { cause?: unknown };
  errors?: unknown;
}

/**
 * The first error whose string `code` (a dotted RadCred code such as `credential.context.unknown`)
 * starts with `prefix`, searching breadth-first through `cause`, `details.cause` (jsonld.js) and
 * `errors[]` (jsonld-signatures' VerificationError); undefined if there is none.
 */
export function findCodedCause(error: unknown, prefix = ''): (Error & { code: string }) | undefined {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (current === null || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const candidate = current as MaybeCoded;
    if (current instanceof Error && typeof candidate.code === 'string' && candidate.code.includes('.') && candidate.code.startsWith(prefix)) {
      return current as Error & { code: string };
    }
    queue.push(candidate.details?.cause, candidate.cause);
    if (Array.isArray(candidate.errors)) queue.push(...(candidate.errors as unknown[]));
  }
  return undefined;
}
