import { HttpProblem, problems, type ProblemFieldError } from '../../core/http/problem.ts';
import { CredentialLogError } from '../log/errors.ts';

/** Problems the issuance services answer with, beyond the shared ones. */
export const issuanceProblems = {
  forbiddenFields: (detail: string, errors: readonly ProblemFieldError[]) =>
    new HttpProblem({ status: 403, slug: 'issuance-forbidden', title: 'This issuer may not issue that', detail, errors }),
  duplicateCredentialId: (ids: readonly string[]) =>
    problems.conflict(`credential id${ids.length > 1 ? 's' : ''} already issued: ${ids.slice(0, 5).join(', ')}`),
  logUnavailable: (detail: string) => problems.unavailable(`the credential log could not anchor this: ${detail}`),
};

/** Field errors joined for a problem's detail line. */
export function summarizeFieldErrors(errors: readonly ProblemFieldError[]): string {
  const shown = errors.slice(0, 5).map((e) => `${e.path}: ${e.message}`);
  return errors.length > 5 ? `${shown.join('; ')}; … ${errors.length - 5} more` : shown.join('; ');
}

/** The log refusing or timing out is the service being unavailable, not the client's fault. */
export function asLogProblem(error: unknown): unknown {
  if (error instanceof CredentialLogError && (error.code === 'log.sequencer.stopped' || error.code === 'log.sequencer.timeout')) {
    return issuanceProblems.logUnavailable(error.message);
  }
  return error;
}
