import * as vc from '@digitalbazaar/vc';
import type { DocumentLoader } from '../credential/documentLoader.ts';
import { failed, passed, type CheckResult } from './checkResult.ts';
import { findContextViolation } from './contextGuard.ts';
import { embeddedCredentials } from './credentialFacts.ts';
import { VerifiedProofCache } from './proofCache.ts';
import { inProcessProofVerifier, type ProofVerifier } from './proofVerifier.ts';
import { countedVerification } from './verificationsInFlight.ts';
import { classifyProofError } from './proofVerification.ts';

export { classifyProofError } from './proofVerification.ts';

/**
 * Signature checks (`credential.proof`, `presentation.proof`): Ed25519Signature2020 and
 * DataIntegrityProof / eddsa-rdfc-2022, VC Data Model 1.1 and 2.0, over the offline document loader.
 * The work itself is in proofVerification.ts; here the cheap refusals come first, then the cache of
 * credentials already verified, then the verifier (event loop or worker threads).
 */
type JsonObject = Record<string, unknown>;

export interface ProofCheckOptions {
  /** Resolve with this loader instead of the offline one (tests); such checks run on the event loop and skip the cache. */
  readonly documentLoader?: DocumentLoader;
  /** Credential signatures already verified, by exact bytes and verification method. */
  readonly proofCache?: VerifiedProofCache;
  /** Where signatures are verified (default: the event loop). */
  readonly proofVerifier?: ProofVerifier;
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

const defaultVerifier = inProcessProofVerifier();

function verifierFor(options: ProofCheckOptions): ProofVerifier {
  if (options.documentLoader) return inProcessProofVerifier(options.documentLoader);
  return options.proofVerifier ?? defaultVerifier;
}

/** `credential.proof` of a single credential. */
export function checkCredentialProof(credential: unknown, options: ProofCheckOptions = {}): Promise<CheckResult> {
  return countedVerification(() => credentialProof(credential, options));
}

/** `credential.proof`, not counted: on its own (above) or inside a presentation's check. */
async function credentialProof(credential: unknown, options: ProofCheckOptions): Promise<CheckResult> {
  if (!isObject(credential)) return failed('credential.proof', 'proof.malformed', 'the credential is not a JSON object');
  const violation = findContextViolation(credential);
  if (violation) return failed('credential.proof', 'context.refused', `${violation.path}: ${violation.reason}`);
  if (proofsOf(credential).length === 0) return failed('credential.proof', 'proof.missing', 'the credential carries no proof');
  const cache = options.documentLoader ? undefined : options.proofCache;
  const key = cache ? VerifiedProofCache.keyOf(credential) : undefined;
  if (cache && key !== undefined) {
    const known = cache.get(key);
    if (known) return known;
  }
  const result = await verifierFor(options).credentialProof(credential);
  if (cache && key !== undefined) cache.remember(key, result);
  return result;
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

/**
 * `presentation.proof` and each embedded credential's `credential.proof`. The presentation proof is
 * verified against the challenge and domain *it carries*; whether those are the expected ones is the
 * separate `presentation.challenge` / `presentation.domain` decision. The proof must also be made by
 * the presentation's holder.
 */
export function checkPresentationProofs(presentation: unknown, options: ProofCheckOptions = {}): Promise<PresentationProofResults> {
  return countedVerification(() => presentationProofs(presentation, options));
}

async function presentationProofs(presentation: unknown, options: ProofCheckOptions): Promise<PresentationProofResults> {
  const emptyBinding: PresentationProofBinding = { challenge: undefined, domain: undefined, verificationMethod: undefined, proofPurpose: undefined };
  if (!isObject(presentation)) {
    return { presentation: failed('presentation.proof', 'proof.malformed', 'the presentation is not a JSON object'), credentials: [], binding: emptyBinding };
  }
  const credentials = embeddedCredentials(presentation);
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
    const results = await Promise.all(credentials.map((c) => credentialProof(c, options)));
    return { presentation: failed('presentation.proof', 'proof.missing', 'the presentation is not signed'), credentials: results, binding };
  }

  try {
    // The structure checks @digitalbazaar/vc's verify() makes before any proof.
    vc._checkPresentation(presentation);
  } catch (error) {
    const { code, detail } = classifyProofError(error);
    return allFail(failed('presentation.proof', code, detail));
  }

  // Each embedded credential as the standalone document it is (cache first), in parallel with the
  // presentation's own proof — which covers the credentials' bytes as they are embedded.
  const [credentialChecks, presentationVerdict] = await Promise.all([
    Promise.all(credentials.map((credential) => credentialProof(credential, options))),
    // A proof without a challenge cannot be checked against one; it fails below with a clear reason.
    binding.challenge === undefined ? Promise.resolve(undefined) : verifierFor(options).presentationProof(presentation, binding.challenge, binding.domain),
  ]);

  let presentationCheck: CheckResult;
  if (binding.challenge === undefined || presentationVerdict === undefined) {
    presentationCheck = failed('presentation.proof', 'proof.no_challenge', 'the presentation proof carries no challenge, so it could be a replay of any earlier presentation');
  } else if (!presentationVerdict.verified) {
    presentationCheck = failed('presentation.proof', presentationVerdict.code, presentationVerdict.detail);
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
