import { credentialHash } from '../log/entry.ts';
import { credentialTypeDefinition, isRadCredType, validateCredentialSubject, type RadCredTypeName } from '../credential/registry.ts';

/**
 * Reading the facts of an untrusted credential without throwing: issuer DID, RadCred type, subject,
 * the one-line summary. Everything here tolerates malformed input (the checks report it).
 */
type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A presentation's `verifiableCredential`, one or many, as a list (each still unchecked). */
export function embeddedCredentials(presentation: JsonObject): unknown[] {
  const value = presentation.verifiableCredential;
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export function issuerDidOf(credential: JsonObject): string | undefined {
  const issuer = credential.issuer;
  if (typeof issuer === 'string') return issuer;
  if (isObject(issuer) && typeof issuer.id === 'string') return issuer.id;
  return undefined;
}

export function typesOf(credential: JsonObject): string[] {
  const type = credential.type;
  if (typeof type === 'string') return [type];
  return Array.isArray(type) ? type.filter((t): t is string => typeof t === 'string') : [];
}

/** The credential's specific type: its RadCred type, else the first type that is not `VerifiableCredential`. */
export function credentialTypeOf(credential: JsonObject): string {
  const types = typesOf(credential);
  return types.find(isRadCredType) ?? types.find((t) => t !== 'VerifiableCredential') ?? 'VerifiableCredential';
}

export function subjectOf(credential: JsonObject): JsonObject | undefined {
  const subject = credential.credentialSubject;
  if (Array.isArray(subject)) return subject.length === 1 && isObject(subject[0]) ? subject[0] : undefined;
  return isObject(subject) ? subject : undefined;
}

export function subjectIdOf(credential: JsonObject): string | undefined {
  const id = subjectOf(credential)?.id;
  return typeof id === 'string' ? id : undefined;
}

export function credentialIdOf(credential: JsonObject): string | undefined {
  return typeof credential.id === 'string' ? credential.id : undefined;
}

/*
 * Credentials are read-only once they reach core/verify (parsed request bodies, stored records), so
 * facts that cost real work — schema validation, the JCS hash — are computed once per object.
 */
const subjects = new WeakMap<JsonObject, { type: RadCredTypeName; subject: JsonObject } | null>();
const hashes = new WeakMap<JsonObject, string>();

/** The subject parsed with its type's schema, or undefined when it is not a valid RadCred subject. */
export function radcredSubjectOf(credential: JsonObject): { type: RadCredTypeName; subject: JsonObject } | undefined {
  const known = subjects.get(credential);
  if (known !== undefined) return known ?? undefined;
  const type = credentialTypeOf(credential);
  let result: { type: RadCredTypeName; subject: JsonObject } | null = null;
  if (isRadCredType(type)) {
    const validation = validateCredentialSubject(type, subjectOf(credential));
    if (validation.success) result = { type, subject: validation.subject as unknown as JsonObject };
  }
  subjects.set(credential, result);
  return result ?? undefined;
}

/** Records a hash proved elsewhere (a receipt whose entry matched this credential, checked on a worker thread). */
export function rememberCredentialHash(credential: JsonObject, hash: string): void {
  hashes.set(credential, hash);
}

/** `sha256:<hex>` of the credential's JCS bytes (its log identity, core/log credentialHash), once per object. */
export function credentialHashOf(credential: JsonObject): string {
  let hash = hashes.get(credential);
  if (hash === undefined) {
    hash = credentialHash(credential);
    hashes.set(credential, hash);
  }
  return hash;
}

/** The key facts line (core/credential formatter), e.g. `MD US-NY #298311 · active · unrestricted · expires 2027-06-30`. */
export function summaryOf(credential: JsonObject): string {
  const parsed = radcredSubjectOf(credential);
  const type = credentialTypeOf(credential);
  if (!parsed) return type;
  const definition = credentialTypeDefinition(parsed.type);
  return definition ? definition.keyFacts(parsed.subject as never) : type;
}

/** When the credential was issued: validFrom / issuanceDate, else the proof's `created`. */
export function issuedAtOf(credential: JsonObject): Date | undefined {
  const candidates = [credential.validFrom, credential.issuanceDate];
  const proof = Array.isArray(credential.proof) ? credential.proof[0] : credential.proof;
  if (isObject(proof)) candidates.push(proof.created);
  for (const value of candidates) {
    if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value);
  }
  return undefined;
}
