import type { z } from 'zod';
import { problems } from '../../core/http/problem.ts';
import { fieldErrorsFromZod } from '../../core/http/zodProblem.ts';

/**
 * The request envelope (`{credential, options}`, `{credentials}` …) is checked before its content:
 * a missing or mis-shaped envelope is a bad request (400), a credential that fails validation is
 * unprocessable (422, from the services).
 */
export function parseEnvelope<S extends z.ZodType>(schema: S, body: unknown, expected: string): z.output<S> {
  if (body === undefined) throw problems.badRequest(`a JSON body ${expected} is required`);
  const result = schema.safeParse(body);
  if (!result.success) {
    const errors = fieldErrorsFromZod(result.error);
    throw problems.badRequest(`the body must be ${expected}: ${errors.slice(0, 3).map((e) => `${e.path}: ${e.message}`).join('; ')}`, errors);
  }
  return result.data;
}
