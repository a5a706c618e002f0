import { randomUUID } from 'node:crypto';
import { failed, passed, type CheckName, type CheckResult } from '../../core/verify/checkResult.ts';
import { wants, checkCredential, type CredentialReport } from '../../core/verify/credentialChecks.ts';
import { credentialHashOf, credentialIdOf, embeddedCredentials, issuedAtOf, radcredSubjectOf } from '../../core/verify/credentialFacts.ts';
import { checkPresentation, withProofCheck } from '../../core/verify/presentationChecks.ts';
import { checkCredentialProof } from '../../core/verify/proofs.ts';
import type { VerifierDeps } from '../deps.ts';
import { evaluatePolicy, type EvidenceCredential, type PolicyOutcome } from '../policies/evaluatePolicy.ts';
import { consumeChallenge, type StoredChallenge } from '../stores/challengeStore.ts';
import type { NewMonitoredCredential } from '../stores/monitorStore.ts';
import type { StoredPolicy } from '../stores/policyStore.ts';
import { insertReportWithMonitoring, type StoredReport } from '../stores/reportStore.ts';
import { recordRequestOutcome } from '../stores/requestStore.ts';
import { verifierCheckContext } from './checkContext.ts';
import { errorLines, reportCredential, type VerificationReport } from './verificationReport.ts';

/**
 * Verifies a presentation (VC-API `POST /presentations/verify`, or the answer to a presentation
 * request) and records the report. Every check runs first, outside any transaction (status lists
 * and receipts may be fetched); then one transaction consumes the challenge with a conditional
 * UPDATE — so a replay fails even when two answers race — stores the report, settles the request
 * and puts an accepted report's credentials under status monitoring.
 */
type JsonObject = Record<string, unknown>;

export interface PresentationVerificationInput {
  readonly kind: 'presentation' | 'request';
  readonly presentation: JsonObject;
  readonly requestedBy: string;
  /** The challenge value the presentation must answer, and its stored record (undefined: never issued). */
  readonly expectedChallenge: string | undefined;
  readonly storedChallenge: StoredChallenge | undefined;
  readonly expectedDomain: string | undefined;
  readonly only?: ReadonlySet<CheckName>;
  /** Issuance receipts the wallet sent with the presentation, by credential position (null: none). */
  readonly receipts?: readonly (JsonObject | null)[];
  readonly policy?: StoredPolicy;
  readonly requestId?: string;
}

/** Credentials that passed every check, as policy evidence. */
function evidenceOf(credentials: readonly unknown[], reports: readonly CredentialReport[]): EvidenceCredential[] {
  const evidence: EvidenceCredential[] = [];
  reports.forEach((report, i) => {
    const credential = credentials[i];
    if (!report.verified || credential === null || typeof credential !== 'object') return;
    const parsed = radcredSubjectOf(credential as JsonObject);
    if (!parsed) return;
    evidence.push({
      id: credentialIdOf(credential as JsonObject) ?? `credential ${i + 1}`,
      type: parsed.type,
      subject: parsed.subject,
      issuedAt: issuedAtOf(credential as JsonObject),
    });
  });
  return evidence;
}

function freshnessOf(check: CheckResult, input: PresentationVerificationInput, now: Date): CheckResult {
  if (!check.ok) return check;
  if (input.storedChallenge === undefined) {
    return failed('presentation.challenge', 'challenge.unknown', 'this verifier never issued that challenge');
  }
  if (input.storedChallenge.expiresAt.getTime() <= now.getTime()) {
    return failed('presentation.challenge', 'challenge.expired', `the challenge expired at ${input.storedChallenge.expiresAt.toISOString()}`);
  }
  return passed('presentation.challenge', `answers the challenge issued ${input.storedChallenge.createdAt.toISOString()}, unexpired`);
}

/** Status-monitoring rows for an accepted report's credentials. */
function monitoringRows(
  reportId: string,
  requestId: string | null,
  credentials: readonly unknown[],
  reports: readonly CredentialReport[],
  now: Date,
): NewMonitoredCredential[] {
  return reports.map((report, i) => {
    const credential = credentials[i] as JsonObject;
    const status = (purpose: string) => report.statuses.find((s) => s.purpose === purpose)?.value ?? null;
    return {
      id: randomUUID(),
      reportId,
      requestId,
      credentialId: report.id ?? null,
      credentialType: report.type,
      credentialHash: credentialHashOf(credential),
      issuerDid: report.issuer.did ?? '',
      summary: report.summary,
      credential,
      revoked: status('revocation'),
      suspended: status('suspension'),
      lastCheckedAt: now,
    };
  });
}

export async function verifyPresentationAndRecord(deps: VerifierDeps, input: PresentationVerificationInput): Promise<VerificationReport> {
  const context = verifierCheckContext(deps, input.only === undefined ? {} : { only: input.only });
  const now = context.now;
  const result = await checkPresentation(input.presentation, { challenge: input.expectedChallenge, domain: input.expectedDomain }, context, { receipts: input.receipts });
  const presentationChecks = result.checks.map((check) => (check.check === 'presentation.challenge' ? freshnessOf(check, input, now) : check));
  const credentials = embeddedCredentials(input.presentation);
  const reportCredentials = result.credentials.map(reportCredential);
  const presentationSound = presentationChecks.every((c) => c.ok);
  const policy: PolicyOutcome | undefined = input.policy
    ? evaluatePolicy(input.policy.rules, presentationSound ? evidenceOf(credentials, result.credentials) : [], now)
    : undefined;

  const reportId = randomUUID();
  return deps.db.transaction().execute(async (trx) => {
    const checks = [...presentationChecks];
    let consumed = false;
    if (wants(context, 'presentation.replay')) {
      if (input.storedChallenge === undefined) {
        checks.push(failed('presentation.replay', 'not_checked', 'there is no issued challenge to consume'));
      } else {
        consumed = (await consumeChallenge(trx, input.storedChallenge.id, now)) !== undefined;
        checks.push(
          consumed
            ? passed('presentation.replay', 'first use of this challenge')
            : failed('presentation.replay', 'replay.challenge_used', 'this challenge was already answered: the presentation is a replay'),
        );
      }
    }
    const verified = checks.every((c) => c.ok) && reportCredentials.every((c) => c.verified);
    const decision = verified && (policy?.satisfied ?? true) ? 'accepted' : 'rejected';
    const report: VerificationReport = {
      reportId,
      requestId: input.requestId ?? null,
      kind: input.kind,
      verified,
      decision,
      checkedAt: now.toISOString(),
      requestedBy: input.requestedBy,
      presentation: { holder: result.holder ?? null, checks },
      credentials: reportCredentials,
      ...(input.policy && policy
        ? { policy: { id: input.policy.id, name: input.policy.name, satisfied: policy.satisfied, requirements: policy.requirements } }
        : {}),
      errors: errorLines(checks, reportCredentials, policy?.requirements),
    };
    const stored: StoredReport = {
      id: reportId,
      kind: input.kind,
      requestId: input.requestId ?? null,
      requestedBy: input.requestedBy,
      checkedAt: now,
      decision,
      holder: result.holder ?? null,
      submitted: input.presentation,
      report,
    };
    const monitored = decision === 'accepted' ? monitoringRows(reportId, input.requestId ?? null, credentials, result.credentials, now) : [];
    await insertReportWithMonitoring(trx, stored, monitored);
    if (input.requestId !== undefined && consumed) {
      await recordRequestOutcome(trx, input.requestId, { status: decision, reportId, answeredAt: now });
    }
    deps.logger.info({ reportId, requestId: input.requestId, decision, credentials: reportCredentials.length }, 'presentation verified');
    return report;
  });
}

/** VC-API `POST /credentials/verify`: every credential check (no holder binding), recorded. */
export async function verifyCredentialAndRecord(
  deps: VerifierDeps,
  input: { credential: JsonObject; receipt?: unknown; requestedBy: string; only?: ReadonlySet<CheckName> },
): Promise<VerificationReport> {
  const context = verifierCheckContext(deps, input.only === undefined ? {} : { only: input.only });
  // The signature (a worker thread) and the other checks (event loop, network) at the same time.
  const [proof, otherChecks] = await Promise.all([
    wants(context, 'credential.proof') ? checkCredentialProof(input.credential, context) : Promise.resolve(undefined),
    checkCredential(input.credential, undefined, { inPresentation: false, ...(input.receipt === undefined ? {} : { receipt: input.receipt }) }, context),
  ]);
  const credentialReport = withProofCheck(otherChecks, proof, context);
  const credential = reportCredential(credentialReport);
  const reportId = randomUUID();
  const decision = credential.verified ? 'accepted' : 'rejected';
  const report: VerificationReport = {
    reportId,
    requestId: null,
    kind: 'credential',
    verified: credential.verified,
    decision,
    checkedAt: context.now.toISOString(),
    requestedBy: input.requestedBy,
    credentials: [credential],
    errors: errorLines([], [credential]),
  };
  const stored: StoredReport = {
    id: reportId,
    kind: 'credential',
    requestId: null,
    requestedBy: input.requestedBy,
    checkedAt: context.now,
    decision,
    holder: null,
    submitted: input.receipt === undefined ? { verifiableCredential: input.credential } : { verifiableCredential: input.credential, receipt: input.receipt },
    report,
  };
  // One statement: the report and its monitoring row are stored together or not at all.
  await insertReportWithMonitoring(deps.db, stored, decision === 'accepted' ? monitoringRows(reportId, null, [input.credential], [credentialReport], context.now) : []);
  return report;
}
