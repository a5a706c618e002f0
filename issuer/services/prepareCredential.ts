import { randomUUID } from 'node:crypto';
import { ED25519_2020_URL } from '../../core/credential/contexts.ts';
import { CredentialError } from '../../core/credential/errors.ts';
import { credentialTypeDefinition, type RadCredTypeName } from '../../core/credential/registry.ts';
import { parseUnsignedCredential } from '../../core/credential/unsignedCredential.ts';
import type { ProblemFieldError } from '../../core/http/problem.ts';
import { mayIssue } from '../issuerKinds.ts';
import type { IssuerRecord } from '../stores/issuerStore.ts';
import type { JsonObject } from './credentialSigning.ts';

/**
 * Turns what a tenant asked for into the unsigned credential the issuer will sign: checked against
 * the VC data model and the type's subject schema, then against what this tenant may attest (its
 * credential types, its jurisdiction), then completed with `id`, `issuer`, `validFrom` and — when the
 * attested fact expires — `validUntil`. `credentialStatus` is added once positions are allocated.
 */
export interface PreparedCredential {
  readonly id: string;
  readonly credentialType: RadCredTypeName;
  /** Undefined for an offer, until the holder proves its DID. */
  readonly subjectDid: string | undefined;
  readonly validFrom: Date;
  readonly validUntil: Date | null;
  /** Unsigned, without `credentialStatus`. */
  readonly credential: JsonObject;
}

export type Preparation =
  | { readonly ok: true; readonly prepared: PreparedCredential }
  | { readonly ok: false; readonly status: 403 | 422; readonly errors: ProblemFieldError[] };

export interface PrepareOptions {
  /** Where the credential sits in the request body, e.g. `credential` or `credentials[3]`. */
  readonly path: string;
  readonly now: Date;
  /** Offers: the subject has no DID yet (and must not name one). */
  readonly subjectWithoutId?: boolean;
}

function at(path: string, field: string): string {
  if (field === '(root)') return path;
  return field.startsWith('[') ? `${path}${field}` : `${path}.${field}`;
}

/** RFC 3339 without fractional seconds (what VC examples and most verifiers expect). */
export function xsdDateTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

export function prepareCredential(tenant: IssuerRecord, input: unknown, options: PrepareOptions): Preparation {
  const { path, now } = options;
  let candidate = input;
  if (options.subjectWithoutId) {
    const subject = (input as { credentialSubject?: unknown } | null)?.credentialSubject;
    if (subject !== null && typeof subject === 'object' && !Array.isArray(subject)) {
      if ('id' in subject) {
        return {
          ok: false,
          status: 422,
          errors: [{ path: `${path}.credentialSubject.id`, message: 'must be omitted: the holder\'s DID is bound when the offer is redeemed' }],
        };
      }
      // Validate as if bound to some DID; the tenant's own is a well-formed did:key.
      candidate = { ...(input as JsonObject), credentialSubject: { id: tenant.did, ...(subject as JsonObject) } };
    }
  }

  let parsed: ReturnType<typeof parseUnsignedCredential>;
  try {
    parsed = parseUnsignedCredential(candidate);
  } catch (error) {
    if (!(error instanceof CredentialError)) throw error;
    const fields = error.fields.length > 0 ? error.fields : [{ path: '(root)', message: error.message }];
    return { ok: false, status: 422, errors: fields.map((f) => ({ path: at(path, f.path), message: f.message })) };
  }
  const { credential, credentialType } = parsed;

  const unprocessable: ProblemFieldError[] = [];
  const issuerId = credential.issuer === undefined ? undefined : typeof credential.issuer === 'string' ? credential.issuer : credential.issuer.id;
  if (issuerId !== undefined && issuerId !== tenant.did) {
    const field = typeof credential.issuer === 'string' ? 'issuer' : 'issuer.id';
    unprocessable.push({ path: at(path, field), message: `must be this issuer's DID (${tenant.did}) or be omitted` });
  }
  if (unprocessable.length > 0) return { ok: false, status: 422, errors: unprocessable };

  const forbidden: ProblemFieldError[] = [];
  if (!mayIssue(tenant.credentialTypes, credentialType)) {
    forbidden.push({
      path: at(path, 'type'),
      message: `a ${tenant.kind} tenant may not issue ${credentialType} (it may issue: ${tenant.credentialTypes.join(', ')})`,
    });
  }
  const subject = credential.credentialSubject as JsonObject;
  if (tenant.jurisdiction !== null && typeof subject.jurisdiction === 'string' && subject.jurisdiction !== tenant.jurisdiction) {
    forbidden.push({
      path: at(path, 'credentialSubject.jurisdiction'),
      message: `this issuer attests ${tenant.jurisdiction} only, not ${subject.jurisdiction}`,
    });
  }
  if (forbidden.length > 0) return { ok: false, status: 403, errors: forbidden };

  const validFrom = credential.validFrom === undefined ? new Date(xsdDateTime(now)) : new Date(credential.validFrom);
  let validUntilText = credential.validUntil;
  if (validUntilText === undefined) {
    // A credential should not outlive the fact it attests (a license's expiry, a certificate's end).
    const factExpiry = credentialTypeDefinition(credentialType).factExpiry(subject as never) as string | undefined;
    const endOfDay = factExpiry === undefined ? undefined : `${factExpiry}T23:59:59Z`;
    if (endOfDay !== undefined && Date.parse(endOfDay) > validFrom.getTime()) validUntilText = endOfDay;
  }

  const contexts = credential['@context'].includes(ED25519_2020_URL) ? credential['@context'] : [...credential['@context'], ED25519_2020_URL];
  const id = credential.id ?? `urn:uuid:${randomUUID()}`;
  const finalSubject = options.subjectWithoutId ? (({ id: _bound, ...rest }) => rest)(subject) : subject;
  const filled: JsonObject = {
    '@context': contexts,
    id,
    type: credential.type,
    issuer: credential.issuer ?? tenant.did,
    ...(credential.name === undefined ? {} : { name: credential.name }),
    ...(credential.description === undefined ? {} : { description: credential.description }),
    validFrom: credential.validFrom ?? xsdDateTime(validFrom),
    ...(validUntilText === undefined ? {} : { validUntil: validUntilText }),
    credentialSubject: finalSubject,
  };
  return {
    ok: true,
    prepared: {
      id,
      credentialType,
      subjectDid: options.subjectWithoutId ? undefined : String(subject.id),
      validFrom,
      validUntil: validUntilText === undefined ? null : new Date(validUntilText),
      credential: filled,
    },
  };
}
