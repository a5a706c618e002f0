import type { z } from 'zod';
import { problems, type HttpProblem, type ProblemFieldError } from './problem.ts';

/** Turns zod issues into field errors named by their dotted path (`credentialSubject.npi`). */
export function fieldErrorsFromZod(error: z.ZodError, prefix = ''): ProblemFieldError[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter((p) => p !== '').join('.');
    return { path: path === '' ? '(body)' : path, message: issue.message };
  });
}

export function validationProblem(error: z.ZodError, prefix = ''): HttpProblem {
  const errors = fieldErrorsFromZod(error, prefix);
  const detail = errors
    .slice(0, 5)
    .map((e) => `${e.path}: ${e.message}`)
    .join('; ');
  return problems.validation(detail, errors);
}

/** Parses untrusted input at the edge: typed data or a 422 naming each failing field. */
export function parseOrProblem<S extends z.ZodType>(schema: S, input: unknown, prefix = ''): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationProblem(result.error, prefix);
  return result.data;
}
