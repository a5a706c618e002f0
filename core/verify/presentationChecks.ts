import { failed, passed, type CheckName, type CheckResult } from './checkResult.ts';
import { checkCredential, wants, type CredentialCheckContext, type CredentialReport } from './credentialChecks.ts';
import { embeddedCredentials } from './credentialFacts.ts';
import { holderOf } from './holderBinding.ts';
import { checkCredentialProof, checkPresentationProofs, type PresentationProofResults, type ProofCheckOptions } from './proofs.ts';

/**
 * All checks of a presentation: its proof (by the holder), that it answers the expected challenge
 * and domain, and every embedded credential's checks including holder binding. Whether the
 * challenge is still unused and unexpired is the verifier's stored state; it adds
 * `presentation.challenge` freshness and `presentation.replay` on top of this.
 */
export const MAX_CREDENTIALS_PER_PRESENTATION = 50;

export interface ExpectedBinding {
  readonly challenge?: string | undefined;
  readonly domain?: string | undefined;
}

export interface PresentationReport {
  readonly holder: string | undefined;
  readonly checks: readonly CheckResult[];
  readonly credentials: readonly CredentialReport[];
  /** The challenge and domain the proof actually carries. */
  readonly proofChallenge: string | undefined;
  readonly proofDomain: string | undefined;
}

export function checkChallengeMatches(proofChallenge: string | undefined, expected: string | undefined): CheckResult {
  if (expected === undefined) return failed('presentation.challenge', 'challenge.not_issued', 'no challenge was issued for this presentation');
  if (proofChallenge === undefined) return failed('presentation.challenge', 'challenge.missing', 'the presentation proof carries no challenge');
  if (proofChallenge !== expected) return failed('presentation.challenge', 'challenge.mismatch', 'the presentation answers a different challenge than the one issued for it');
  return passed('presentation.challenge', 'answers the challenge issued for it');
}

export function checkDomainMatches(proofDomain: string | undefined, expected: string | undefined): CheckResult {
  if (expected === undefined) return passed('presentation.domain', 'no domain required', 'domain.not_required');
  if (proofDomain === undefined) return failed('presentation.domain', 'domain.missing', `the presentation proof carries no domain (expected ${expected})`);
  if (proofDomain !== expected) return failed('presentation.domain', 'domain.mismatch', `the presentation is for domain ${proofDomain}, not ${expected}`);
  return passed('presentation.domain', `bound to ${expected}`);
}

const NO_BINDING = { challenge: undefined, domain: undefined, verificationMethod: undefined, proofPurpose: undefined };

/** The signature checks, unless none of them was asked for (VC-API `options.checks`). */
async function proofResults(
  presentation: Record<string, unknown>,
  credentials: readonly unknown[],
  context: CredentialCheckContext & ProofCheckOptions,
): Promise<PresentationProofResults | undefined> {
  const needed = (['presentation.proof', 'credential.proof', 'presentation.challenge', 'presentation.domain'] as const).some((check) => wants(context, check));
  if (!needed) return undefined;
  const types = Array.isArray(presentation.type) ? presentation.type : [presentation.type];
  if (types.includes('VerifiablePresentation')) return checkPresentationProofs(presentation, context);
  return {
    presentation: failed('presentation.proof', 'presentation.malformed', 'the presentation\'s type must include "VerifiablePresentation"'),
    credentials: await Promise.all(credentials.map((c) => checkCredentialProof(c, context))),
    binding: NO_BINDING,
  };
}

/** A credential's report with its proof check first, as checkCredential would have put it. */
export function withProofCheck(report: CredentialReport, proof: CheckResult | undefined, context: { only?: ReadonlySet<CheckName> }): CredentialReport {
  if (!proof || !wants(context, 'credential.proof')) return report;
  const checks = [proof, ...report.checks];
  return { ...report, checks, verified: checks.every((c) => c.ok) };
}

/**
 * `receipts[i]`, when given, is the issuance receipt of the i-th embedded credential as the issuer
 * returned it to the wallet (self-authenticating: it verifies against the pinned log key); a missing
 * or null one is fetched from the issuer's log.
 */
export async function checkPresentation(
  presentation: Record<string, unknown>,
  expected: ExpectedBinding,
  context: CredentialCheckContext & ProofCheckOptions,
  options: { receipts?: readonly unknown[] | undefined } = {},
): Promise<PresentationReport> {
  const holder = holderOf(presentation);
  const credentials = embeddedCredentials(presentation);
  if (credentials.length > MAX_CREDENTIALS_PER_PRESENTATION) {
    return {
      holder,
      checks: [failed('presentation.proof', 'presentation.too_many_credentials', `at most ${MAX_CREDENTIALS_PER_PRESENTATION} credentials per presentation`)],
      credentials: [],
      proofChallenge: undefined,
      proofDomain: undefined,
    };
  }
  // The signatures (worker threads) and every other credential check (trust, status, log: the event
  // loop and the network) run at the same time; each credential's proof check is put first after.
  const [proofs, otherChecks] = await Promise.all([
    proofResults(presentation, credentials, context),
    Promise.all(
      credentials.map((credential, i) => {
        if (credential === null || typeof credential !== 'object' || Array.isArray(credential)) {
          return Promise.resolve<CredentialReport>({
            id: undefined,
            type: 'unknown',
            issuer: { did: undefined, name: undefined },
            summary: 'not a credential object',
            verified: false,
            checks: [failed('credential.proof', 'proof.malformed', 'the embedded credential is not a JSON object')],
            statuses: [],
          });
        }
        const receipt = options.receipts?.[i];
        return checkCredential(
          credential as Record<string, unknown>,
          undefined,
          { holder, inPresentation: true, ...(receipt === undefined || receipt === null ? {} : { receipt }) },
          context,
        );
      }),
    ),
  ]);
  const checks: CheckResult[] = [];
  if (proofs && wants(context, 'presentation.proof')) checks.push(proofs.presentation);
  if (wants(context, 'presentation.challenge')) checks.push(checkChallengeMatches(proofs?.binding.challenge, expected.challenge));
  if (wants(context, 'presentation.domain')) checks.push(checkDomainMatches(proofs?.binding.domain, expected.domain));

  const reports = otherChecks.map((report, i) => {
    const proof = proofs?.credentials[i];
    const credential = credentials[i];
    const isObject = credential !== null && typeof credential === 'object' && !Array.isArray(credential);
    return isObject ? withProofCheck(report, proof, context) : report;
  });
  return { holder, checks, credentials: reports, proofChallenge: proofs?.binding.challenge, proofDomain: proofs?.binding.domain };
}
