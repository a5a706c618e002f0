import type { Router } from '@koa/router';
import { z } from 'zod';
import { problems } from '../../core/http/problem.ts';
import { fieldErrorsFromZod } from '../../core/http/zodProblem.ts';
import { actorOf, requireStaff } from '../auth.ts';
import type { VerifierDeps } from '../deps.ts';
import { verifierDomain } from '../services/challenges.ts';
import { selectChecks } from '../services/checkSelection.ts';
import { presentationReceipts } from '../services/presentationRequests.ts';
import { verifyCredentialAndRecord, verifyPresentationAndRecord } from '../services/recordVerification.ts';
import type { VerificationReport } from '../services/verificationReport.ts';
import { findChallengeByValue } from '../stores/challengeStore.ts';

/**
 * W3C VC-API verification (`POST /credentials/verify`, `POST /presentations/verify`): 200 with
 * `{verified: true, checks, warnings, errors}` when every selected check passes, 422 with the same
 * body when one fails, 400 for a request that is not a verification request at all. Every
 * verification is stored as a report (`reportId`).
 */
const jsonObject = z.record(z.string(), z.unknown());
const checksOption = z.array(z.string().min(1).max(100)).min(1).max(40).optional();

export const verifyCredentialBody = z
  .object({
    verifiableCredential: jsonObject,
    /** The issuance receipt, as the issuer returned it with the credential; fetched from the log when absent. */
    receipt: jsonObject.optional(),
    options: z.object({ checks: checksOption }).strict().optional(),
  })
  .strict();

export const verifyPresentationBody = z
  .object({
    verifiablePresentation: jsonObject,
    receipts: presentationReceipts,
    options: z
      .object({ challenge: z.string().min(1).max(512).optional(), domain: z.string().min(1).max(512).optional(), checks: checksOption })
      .strict()
      .optional(),
  })
  .strict();

function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body);
  if (!result.success) {
    const errors = fieldErrorsFromZod(result.error);
    throw problems.badRequest(errors.slice(0, 5).map((e) => `${e.path}: ${e.message}`).join('; '), errors);
  }
  return result.data;
}

function credentialView(report: VerificationReport) {
  const credential = report.credentials[0];
  return {
    verified: report.verified,
    reportId: report.reportId,
    checks: credential?.checks ?? [],
    credential: credential ? { id: credential.id, type: credential.type, issuer: credential.issuer, summary: credential.summary } : null,
    warnings: [],
    errors: report.errors,
  };
}

function presentationView(report: VerificationReport) {
  return {
    verified: report.verified,
    reportId: report.reportId,
    holder: report.presentation?.holder ?? null,
    checks: report.presentation?.checks ?? [],
    credentialResults: report.credentials,
    warnings: [],
    errors: report.errors,
  };
}

export function mountVerificationRoutes(router: Router, deps: VerifierDeps): void {
  const staffOnly = requireStaff(deps);
  router.post('/credentials/verify', staffOnly, async (ctx) => {
    const body = parseBody(verifyCredentialBody, ctx.request.jsonBody);
    const only = selectChecks(body.options?.checks);
    const report = await verifyCredentialAndRecord(deps, {
      credential: body.verifiableCredential,
      requestedBy: actorOf(ctx),
      ...(body.receipt === undefined ? {} : { receipt: body.receipt }),
      ...(only === undefined ? {} : { only }),
    });
    ctx.status = report.verified ? 200 : 422;
    ctx.body = credentialView(report);
  });

  router.post('/presentations/verify', staffOnly, async (ctx) => {
    const body = parseBody(verifyPresentationBody, ctx.request.jsonBody);
    const only = selectChecks(body.options?.checks);
    const expected = body.options?.challenge;
    // Only challenges minted by POST /challenges: a presentation request's challenge belongs to its request.
    const stored = expected === undefined ? undefined : await findChallengeByValue(deps.db, expected);
    const storedChallenge = stored?.purpose === 'api' ? stored : undefined;
    const report = await verifyPresentationAndRecord(deps, {
      kind: 'presentation',
      presentation: body.verifiablePresentation,
      requestedBy: actorOf(ctx),
      expectedChallenge: expected,
      storedChallenge,
      expectedDomain: body.options?.domain ?? storedChallenge?.domain ?? verifierDomain(deps),
      ...(body.receipts === undefined ? {} : { receipts: body.receipts }),
      ...(only === undefined ? {} : { only }),
    });
    ctx.status = report.verified ? 200 : 422;
    ctx.body = presentationView(report);
  });
}
