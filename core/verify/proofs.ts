import * as vc from '@digitalbazaar/vc';
import { documentLoader as offlineDocumentLoader, type DocumentLoader } from '../credential/documentLoader.ts';
import { findCodedCause } from '../credential/errors.ts';
import { verificationSuites } from '../crypto/suites.ts';
import { errorText, failed, passed, type CheckResult } from './checkResult.ts';
import { findContextViolation } from './contextGuard.ts';

/**
 * Signature checks (`credential.proof`, `presentation.proof`) with @digitalbazaar/vc over the
 * offline document loader: Ed25519Signature2020 and DataIntegrityProof / eddsa-rdfc-2022, VC Data
 * Model 1.1 and 2.0.
 *
 * @digitalbazaar/vc also checks validity dates, but against one `now` for every credential and as a
 * proof failure; RadCred reports the validity window as its own check (validityWindow.ts), so the
 * date comparison is neutralised here with a clock skew wider than any credential's lifetime.
 */
const IGNORE_DATES_SKEW_SECONDS = 200 * 365 * 24 * 3600;

type JsonObject = Record<string, unknown>;

export interface ProofCheckOptions {
  readonly documentLoader?: DocumentLoader;
}

/** The presentation proof's binding values, read from the signed proof itself. */
export interface PresentationProofBinding {
  readonly challenge: string | undefined;
  readonly domain: string | undefined;
  readonly verificationMethod: string | undefined;
  readonly proofPurpose: string | undefined;
}

export interface PresentationProofResults {
  readonly presentation: CheckResult;
  /** `credential.proof` of each embedded credential, in `verifiableCredential` order. */
  readonly credentials: readonly CheckResult[];
  readonly binding: PresentationProofBinding;
}

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function proofsOf(document: JsonObject): JsonObject[] {
  const proof = document.proof;
  if (Array.isArray(proof)) return proof.filter(isObject);
  return isObject(proof) ? [proof] : [];
}

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

/** `credential.proof` of a single credential. */
export async function checkCredentialProof(credential: unknown, options: ProofCheckOptions = {}): Promise<CheckResult> {
  if (!isObject(credential)) return failed('credential.proof', 'proof.malformed', 'the credential is not a JSON object');
  const violation = findContextViolation(credential);
  if (violation) return failed('credential.proof', 'context.refused', `${violation.path}: ${violation.reason}`);
  if (proofsOf(credential).length === 0) return failed('credential.proof', 'proof.missing', 'the credential carries no proof');
  try {
    const result = await vc.verifyCredential({
      credential,
      suite: verificationSuites(),
      documentLoader: options.documentLoader ?? offlineDocumentLoader,
      // Status is its own check (statusCheck.ts); @digitalbazaar/vc insists on a function when credentialStatus is present.
      checkStatus: async () => ({ verified: true }),
      maxClockSkew: IGNORE_DATES_SKEW_SECONDS,
    });
    return credentialResultToCheck(credential, result);
  } catch (error) {
    const { code, detail } = classifyProofError(error);
    return failed('credential.proof', code, detail);
  }
}

function describeProof(credential: JsonObject): string {
  const proof = proofsOf(credential)[0] ?? {};
  const type = proof.type === 'DataIntegrityProof' ? `DataIntegrityProof (${String(proof.cryptosuite)})` : String(proof.type);
  const issuer = typeof credential.issuer === 'string' ? credential.issuer : isObject(credential.issuer) ? String(credential.issuer.id) : '?';
  return `${type} by ${issuer.length > 40 ? `${issuer.slice(0, 32)}…${issuer.slice(-6)}` : issuer} verifies`;
}

function credentialResultToCheck(credential: JsonObject, result: vc.VerifyCredentialResult): CheckResult {
  if (result.verified) return passed('credential.proof', describeProof(credential));
  const { code, detail } = classifyProofError(result.error ?? result.results?.find((r) => !r.verified)?.error);
  return failed('credential.proof', code, detail);
}

function bindingOf(presentation: JsonObject): PresentationProofBinding {
  const proof = proofsOf(presentation).find((p) => p.proofPurpose === 'authentication') ?? proofsOf(presentation)[0];
  const domain = proof?.domain;
  return {
    challenge: typeof proof?.challenge === 'string' ? proof.challenge : undefined,
    domain: typeof domain === 'string' ? domain : Array.isArray(domain) && typeof domain[0] === 'string' ? domain[0] : undefined,
    verificationMethod: typeof proof?.verificationMethod === 'string' ? proof.verificationMethod : undefined,
    proofPurpose: typeof proof?.proofPurpose === 'string' ? proof.proofPurpose : undefined,
  };
}

function credentialsOf(presentation: JsonObject): unknown[] {
  const value = presentation.verifiableCredential;
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * `presentation.proof` and each embedded credential's `credential.proof`, in one @digitalbazaar/vc
 * call (the presentation signature covers the credentials, so they are checked together). The
 * presentation proof is verified against the challenge and domain *it carries*; whether those are
 * the expected ones is the separate `presentation.challenge` / `presentation.domain` decision. The
 * proof must also be made by the presentation's holder.
 */
export async function checkPresentationProofs(presentation: unknown, options: ProofCheckOptions = {}): Promise<PresentationProofResults> {
  const emptyBinding: PresentationProofBinding = { challenge: undefined, domain: undefined, verificationMethod: undefined, proofPurpose: undefined };
  if (!isObject(presentation)) {
    return { presentation: failed('presentation.proof', 'proof.malformed', 'the presentation is not a JSON object'), credentials: [], binding: emptyBinding };
  }
  const credentials = credentialsOf(presentation);
  const binding = bindingOf(presentation);
  const allFail = (result: CheckResult): PresentationProofResults => ({
    presentation: result,
    credentials: credentials.map(() => failed('credential.proof', 'proof.not_checked', `not checked: ${result.detail}`)),
    binding,
  });
  const violation = findContextViolation(presentation);
  if (violation) return allFail(failed('presentation.proof', 'context.refused', `${violation.path}: ${violation.reason}`));
  if (credentials.some((c) => !isObject(c))) {
    return allFail(failed('presentation.proof', 'proof.malformed', 'every verifiableCredential must be an embedded credential object'));
  }
  if (proofsOf(presentation).length === 0) {
    // Unsigned: the credentials can still be checked on their own.
    const results = await Promise.all(credentials.map((c) => checkCredentialProof(c, options)));
    return { presentation: failed('presentation.proof', 'proof.missing', 'the presentation is not signed'), credentials: results, binding };
  }

  let result: vc.VerifyPresentationResult;
  try {
    result = await vc.verify({
      presentation,
      suite: verificationSuites(),
      documentLoader: options.documentLoader ?? offlineDocumentLoader,
      // A proof without a challenge cannot be checked against one; it fails below with a clear reason.
      challenge: binding.challenge ?? 'radcred:the-proof-has-no-challenge',
      ...(binding.domain === undefined ? {} : { domain: binding.domain }),
      checkStatus: async () => ({ verified: true }),
      maxClockSkew: IGNORE_DATES_SKEW_SECONDS,
    });
  } catch (error) {
    const { code, detail } = classifyProofError(error);
    return allFail(failed('presentation.proof', code, detail));
  }

  const credentialChecks = credentials.map((credential, i) => {
    const r = result.credentialResults?.[i];
    if (!r) return failed('credential.proof', 'proof.not_checked', 'the credential was not verified');
    return credentialResultToCheck(credential as JsonObject, r);
  });

  const presentationResult = result.presentationResult;
  let presentationCheck: CheckResult;
  if (binding.challenge === undefined) {
    presentationCheck = failed('presentation.proof', 'proof.no_challenge', 'the presentation proof carries no challenge, so it could be a replay of any earlier presentation');
  } else if (!presentationResult) {
    const { code, detail } = classifyProofError(result.error);
    presentationCheck = failed('presentation.proof', code, detail);
  } else if (!presentationResult.verified) {
    const { code, detail } = classifyProofError(presentationResult.error ?? presentationResult.results?.find((r) => !r.verified)?.error);
    presentationCheck = failed('presentation.proof', code, detail);
  } else if (binding.proofPurpose !== 'authentication') {
    presentationCheck = failed('presentation.proof', 'proof.wrong_purpose', `the presentation proof's purpose is "${String(binding.proofPurpose)}", not "authentication"`);
  } else {
    const holder = typeof presentation.holder === 'string' ? presentation.holder : isObject(presentation.holder) ? presentation.holder.id : undefined;
    const signer = binding.verificationMethod?.split('#')[0];
    if (typeof holder !== 'string') {
      presentationCheck = failed('presentation.proof', 'proof.no_holder', 'the presentation names no holder');
    } else if (signer !== holder) {
      presentationCheck = failed('presentation.proof', 'proof.not_holder', `the presentation was signed by ${String(signer)}, not by its holder ${holder}`);
    } else {
      presentationCheck = passed('presentation.proof', `Ed25519 authentication proof by the holder verifies`);
    }
  }
  return { presentation: presentationCheck, credentials: credentialChecks, binding };
}
