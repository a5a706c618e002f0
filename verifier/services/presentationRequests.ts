import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { problems } from '../../core/http/problem.ts';
import { MAX_CREDENTIALS_PER_PRESENTATION } from '../../core/verify/presentationChecks.ts';
import type { VerifierDeps } from '../deps.ts';
import { credentialQueryFor, type CredentialQueryItem } from '../policies/presentationQuery.ts';
import { findChallenge } from '../stores/challengeStore.ts';
import { findPolicy, type StoredPolicy } from '../stores/policyStore.ts';
import { findReport, listReportsOfRequest } from '../stores/reportStore.ts';
import { findRequest, insertRequest, listRequests, type StoredRequest } from '../stores/requestStore.ts';
import { createChallenge, verifierDomain } from './challenges.ts';
import { verifyPresentationAndRecord } from './recordVerification.ts';
import type { VerificationReport } from './verificationReport.ts';

/**
 * Presentation requests (DESIGN §8, contracts.md): staff create one for a policy and an applicant;
 * its URL carries a secret (stored as SHA-256) so the wallet can read and answer it without a
 * token; the answer is verified against the request's own single-use challenge and the policy, and
 * the report is kept for staff.
 */
export const createRequestBody = z
  .object({
    policyId: z.string().uuid(),
    applicant: z
      .object({
        name: z.string().trim().min(1).max(200),
        npi: z.string().regex(/^\d{10}$/, 'an NPI is 10 digits').optional(),
        email: z.string().email().max(320).optional(),
      })
      .strict(),
  })
  .strict();
export type CreateRequestBody = z.output<typeof createRequestBody>;

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

function requestUrl(deps: VerifierDeps, id: string, secret: string): string {
  return `${deps.publicUrl}/requests/${id}/${secret}`;
}

export async function createPresentationRequest(
  deps: VerifierDeps,
  body: CreateRequestBody,
  actor: string,
): Promise<{ id: string; url: string; expiresAt: string }> {
  const policy = await findPolicy(deps.db, body.policyId);
  if (!policy) throw problems.notFound(`no policy ${body.policyId}`);
  const id = randomUUID();
  const secret = randomBytes(32).toString('base64url');
  const expiresAt = new Date(deps.now().getTime() + deps.config.requestTtlSeconds * 1000);
  await deps.db.transaction().execute(async (trx) => {
    const challenge = await createChallenge(deps, { purpose: 'request', actor, ttlSeconds: deps.config.requestTtlSeconds, db: trx });
    await insertRequest(trx, { id, secretHash: hashSecret(secret), policyId: policy.id, applicant: body.applicant, challengeId: challenge.id, createdBy: actor, expiresAt });
  });
  deps.logger.info({ requestId: id, policyId: policy.id, actor }, 'presentation request created');
  return { id, url: requestUrl(deps, id, secret), expiresAt: expiresAt.toISOString() };
}

/** The request behind a URL, or 404 for an unknown id or a wrong secret (indistinguishable). */
async function requestBySecret(deps: VerifierDeps, id: string, secret: string): Promise<StoredRequest> {
  const request = z.string().uuid().safeParse(id).success ? await findRequest(deps.db, id) : undefined;
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const expected = Buffer.from(request?.secretHash ?? '0'.repeat(64), 'hex');
  if (!request || !timingSafeEqual(presented, expected)) throw problems.notFound('no presentation request at this URL');
  return request;
}

export interface PresentationRequestDocument {
  readonly type: 'VerifiablePresentationRequest';
  readonly id: string;
  readonly verifier: { readonly name: string; readonly url: string };
  readonly policy: { readonly id: string; readonly name: string; readonly description: string; readonly rules: StoredPolicy['rules'] };
  readonly applicant: { readonly name: string };
  readonly query: readonly [{ readonly type: 'QueryByExample'; readonly credentialQuery: readonly CredentialQueryItem[] }];
  readonly challenge: string;
  readonly domain: string;
  readonly expiresAt: string;
  readonly presentationUrl: string;
}

/** What the wallet reads at the request URL (no token). */
export async function readPresentationRequest(deps: VerifierDeps, id: string, secret: string): Promise<PresentationRequestDocument> {
  const request = await requestBySecret(deps, id, secret);
  if (request.status !== 'pending') throw problems.gone('this presentation request has already been answered');
  if (request.expiresAt.getTime() <= deps.now().getTime()) throw problems.gone(`this presentation request expired at ${request.expiresAt.toISOString()}`);
  const [policy, challenge] = await Promise.all([findPolicy(deps.db, request.policyId), findChallenge(deps.db, request.challengeId)]);
  if (!policy || !challenge) throw new Error(`presentation request ${id} refers to a missing policy or challenge`);
  const url = requestUrl(deps, id, secret);
  return {
    type: 'VerifiablePresentationRequest',
    id: request.id,
    verifier: { name: deps.config.verifierName, url: deps.publicUrl },
    policy: { id: policy.id, name: policy.name, description: policy.description, rules: policy.rules },
    applicant: { name: request.applicant.name },
    query: [{ type: 'QueryByExample', credentialQuery: credentialQueryFor(policy.rules, deps.now()) }],
    challenge: challenge.challenge,
    domain: challenge.domain,
    expiresAt: request.expiresAt.toISOString(),
    presentationUrl: `${url}/presentations`,
  };
}

/** Issuance receipts by credential position, as the issuers returned them to the wallet (null: fetch it). */
export const presentationReceipts = z.array(z.record(z.string(), z.unknown()).nullable()).max(MAX_CREDENTIALS_PER_PRESENTATION).optional();

export const answerBody = z
  .object({
    verifiablePresentation: z.record(z.string(), z.unknown(), 'must be a presentation object'),
    receipts: presentationReceipts,
  })
  .strict();

/** The wallet's answer: verified against the request's challenge, its verifier's domain and its policy. */
export async function answerPresentationRequest(
  deps: VerifierDeps,
  id: string,
  secret: string,
  presentation: Record<string, unknown>,
  receipts?: readonly (Record<string, unknown> | null)[],
): Promise<VerificationReport> {
  const request = await requestBySecret(deps, id, secret);
  const [policy, challenge] = await Promise.all([findPolicy(deps.db, request.policyId), findChallenge(deps.db, request.challengeId)]);
  if (!policy || !challenge) throw new Error(`presentation request ${id} refers to a missing policy or challenge`);
  return verifyPresentationAndRecord(deps, {
    kind: 'request',
    presentation,
    requestedBy: request.createdBy,
    expectedChallenge: challenge.challenge,
    storedChallenge: challenge,
    expectedDomain: verifierDomain(deps),
    policy,
    requestId: request.id,
    ...(receipts === undefined ? {} : { receipts }),
  });
}

/** Staff view: status, who asked and when, the decisive report and what was presented, every attempt. */
export async function staffRequestView(deps: VerifierDeps, id: string) {
  const request = z.string().uuid().safeParse(id).success ? await findRequest(deps.db, id) : undefined;
  if (!request) throw problems.notFound(`no presentation request ${id}`);
  const [policy, attempts] = await Promise.all([findPolicy(deps.db, request.policyId), listReportsOfRequest(deps.db, request.id)]);
  const decisive = request.reportId ? await findReport(deps.db, request.reportId) : undefined;
  const expired = request.status === 'pending' && request.expiresAt.getTime() <= deps.now().getTime();
  return {
    id: request.id,
    status: expired ? 'expired' : request.status,
    policy: policy ? { id: policy.id, name: policy.name } : { id: request.policyId, name: '(deleted)' },
    applicant: request.applicant,
    requestedBy: request.createdBy,
    createdAt: request.createdAt.toISOString(),
    expiresAt: request.expiresAt.toISOString(),
    answeredAt: request.answeredAt?.toISOString() ?? null,
    report: decisive?.report ?? null,
    presented: decisive?.submitted ?? null,
    attempts: attempts.map((a) => ({ reportId: a.id, checkedAt: a.checkedAt.toISOString(), decision: a.decision, holder: a.holder })),
  };
}

export async function staffRequestList(deps: VerifierDeps, limit: number) {
  const requests = await listRequests(deps.db, limit);
  return requests.map((r) => ({
    id: r.id,
    status: r.status === 'pending' && r.expiresAt.getTime() <= deps.now().getTime() ? 'expired' : r.status,
    policyId: r.policyId,
    applicant: r.applicant,
    requestedBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    reportId: r.reportId,
  }));
}
