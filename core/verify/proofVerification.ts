import * as vc from '@digitalbazaar/vc';
import jsigs from 'jsonld-signatures';
import { documentLoader as offlineDocumentLoader, type DocumentLoader } from '../credential/documentLoader.ts';
import { findCodedCause } from '../credential/errors.ts';
import { verificationSuites } from '../crypto/suites.ts';
import { errorText, failed, passed, type CheckResult } from './checkResult.ts';

/**
 * The signature work itself, with @digitalbazaar/vc and jsonld-signatures over the offline document
 * loader, returning plain data (no Error objects) so it can run on a worker thread as well as here.
 *
 * A presentation's proof and its embedded credentials' proofs are verified separately: each
 * credential as the standalone document it is (exactly what @digitalbazaar/vc's `verify` does for
 * each one), and the presentation proof with jsonld-signatures and the authentication purpose (what
 * `verify` does after the credentials). Splitting them lets a credential seen before be answered
 * from the cache and lets the proofs run in parallel on every core.
 *
 * @digitalbazaar/vc also checks validity dates, but against one `now` for every credential and as a
 * proof failure; RadCred reports the validity window as its own check (validityWindow.ts), so the
 * date comparison is neutralised here with a clock skew wider than any credential's lifetime.
 */
const IGNORE_DATES_SKEW_SECONDS = 200 * 365 * 24 * 3600;

type JsonObject = Record<string, unknown>;

/** The outcome of a presentation proof, as plain data. */
export type PresentationProofVerdict = { readonly verified: true } | { readonly verified: false; readonly code: string; readonly detail: string };

/** Classifies a @digitalbazaar/vc or jsonld-signatures failure into a stable code and a readable line. */
export function classifyProofError(error: unknown): { code: string; detail: string } {
  const coded = findCodedCause(error);
  if (coded) return { code: coded.code === 'credential.context.unknown' ? 'proof.unresolvable' : coded.code, detail: errorText(coded) };
  const inner = innermostMessage(error);
  if (/invalid signature/i.test(inner)) return { code: 'proof.signature_invalid', detail: 'the signature does not verify: the document or its proof was altered, or it was signed by another key' };
  if (/no matching proofs found/i.test(inner)) return { code: 'proof.unsupported', detail: 'no proof of a supported type (Ed25519Signature2020 or DataIntegrityProof eddsa-rdfc-2022) with the expected purpose was found' };
  if (/issuer must match the verification method controller/i.test(inner)) return { code: 'proof.issuer_mismatch', detail: 'the proof was made with a key that does not belong to the credential\'s issuer' };
  if (/not authorized by controller|verification method .* not authorized|not authorized/i.test(inner)) {
    return { code: 'proof.key_not_authorized', detail: `the signing key is not authorized for this proof purpose: ${inner}` };
  }
  if (/safe mode|undefined term|relative|invalid (json-ld|@context)|Dropping property|protected term/i.test(inner)) {
    return { code: 'proof.jsonld_invalid', detail: `the document is not valid JSON-LD under its contexts: ${inner}` };
  }
  return { code: 'proof.malformed', detail: inner };
}

function innermostMessage(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5; depth++) {
    const errors = (current as { errors?: unknown } | null)?.errors;
    if (Array.isArray(errors) && errors.length > 0) {
      current = errors[0];
      continue;
    }
    break;
  }
  return errorText(current);
}

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describeProof(credential: JsonObject): string {
  const proofs = Array.isArray(credential.proof) ? credential.proof : [credential.proof];
  const proof = (proofs.find(isObject) ?? {}) as JsonObject;
  const type = proof.type === 'DataIntegrityProof' ? `DataIntegrityProof (${String(proof.cryptosuite)})` : String(proof.type);
  const issuer = typeof credential.issuer === 'string' ? credential.issuer : isObject(credential.issuer) ? String(credential.issuer.id) : '?';
  return `${type} by ${issuer.length > 40 ? `${issuer.slice(0, 32)}…${issuer.slice(-6)}` : issuer} verifies`;
}

/** `credential.proof` of one credential, verified now (no cache). */
export async function verifyCredentialProofNow(credential: JsonObject, documentLoader: DocumentLoader = offlineDocumentLoader): Promise<CheckResult> {
  try {
    const result = await vc.verifyCredential({
      credential,
      suite: verificationSuites(),
      documentLoader,
      // Status is its own check (statusCheck.ts); @digitalbazaar/vc insists on a function when credentialStatus is present.
      checkStatus: async () => ({ verified: true }),
      maxClockSkew: IGNORE_DATES_SKEW_SECONDS,
    });
    if (result.verified) return passed('credential.proof', describeProof(credential));
    const { code, detail } = classifyProofError(result.error ?? result.results?.find((r) => !r.verified)?.error);
    return failed('credential.proof', code, detail);
  } catch (error) {
    const { code, detail } = classifyProofError(error);
    return failed('credential.proof', code, detail);
  }
}

/**
 * The presentation's own proof: an authentication proof over the whole presentation (its embedded
 * credentials included) answering `challenge` (and `domain` when given).
 */
export async function verifyPresentationProofNow(
  presentation: JsonObject,
  challenge: string,
  domain: string | undefined,
  documentLoader: DocumentLoader = offlineDocumentLoader,
): Promise<PresentationProofVerdict> {
  try {
    const purpose = new jsigs.purposes.AuthenticationProofPurpose({ challenge, ...(domain === undefined ? {} : { domain }) });
    const result = await jsigs.verify(presentation, { suite: verificationSuites(), purpose, documentLoader });
    if (result.verified) return { verified: true };
    return { verified: false, ...classifyProofError(result.error ?? result.results?.find((r) => !r.verified)?.error) };
  } catch (error) {
    return { verified: false, ...classifyProofError(error) };
  }
}
