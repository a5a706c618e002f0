/**
 * RFC 9457 problem details. Every error a RadCred service answers is one of these,
 * with a stable `type` URI clients can switch on; no stack trace ever leaves the process.
 */
export const PROBLEM_TYPE_BASE = 'https://w3id.org/radcred/problems/';

export interface ProblemFieldError {
  /** JSON pointer-ish path of the offending field, e.g. `credential.credentialSubject.npi`. */
  readonly path: string;
  readonly message: string;
}

export interface ProblemDocument {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly errors?: readonly ProblemFieldError[];
  readonly [extension: string]: unknown;
}

export class HttpProblem extends Error {
  readonly status: number;
  readonly slug: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: readonly ProblemFieldError[] | undefined;
  readonly extensions: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string>>;

  constructor(init: {
    status: number;
    slug: string;
    title: string;
    detail?: string;
    errors?: readonly ProblemFieldError[];
    extensions?: Record<string, unknown>;
    headers?: Record<string, string>;
  }) {
    super(init.detail ?? init.title);
    this.name = 'HttpProblem';
    this.status = init.status;
    this.slug = init.slug;
    this.title = init.title;
    this.detail = init.detail;
    this.errors = init.errors;
    this.extensions = init.extensions ?? {};
    this.headers = init.headers ?? {};
  }

  toDocument(): ProblemDocument {
    return {
      ...this.extensions,
      type: PROBLEM_TYPE_BASE + this.slug,
      title: this.title,
      status: this.status,
      ...(this.detail === undefined ? {} : { detail: this.detail }),
      ...(this.errors === undefined ? {} : { errors: this.errors }),
    };
  }
}

/** Constructors for the problems every service shares; services add their own slugs. */
export const problems = {
  badRequest: (detail: string, errors?: readonly ProblemFieldError[]) =>
    new HttpProblem({ status: 400, slug: 'bad-request', title: 'Bad request', detail, ...(errors ? { errors } : {}) }),
  malformedJson: (detail: string) =>
    new HttpProblem({ status: 400, slug: 'malformed-json', title: 'Request body is not valid JSON', detail }),
  tooDeep: (maxDepth: number) =>
    new HttpProblem({
      status: 400,
      slug: 'body-too-deep',
      title: 'Request body is nested too deeply',
      detail: `JSON nesting deeper than ${maxDepth} levels is refused`,
    }),
  validation: (detail: string, errors: readonly ProblemFieldError[]) =>
    new HttpProblem({ status: 422, slug: 'validation-failed', title: 'Request failed validation', detail, errors }),
  unauthorized: (detail: string) =>
    new HttpProblem({
      status: 401,
      slug: 'unauthorized',
      title: 'Authentication required',
      detail,
      headers: { 'www-authenticate': 'Bearer realm="radcred"' },
    }),
  forbidden: (detail: string) => new HttpProblem({ status: 403, slug: 'forbidden', title: 'Forbidden', detail }),
  notFound: (detail: string) => new HttpProblem({ status: 404, slug: 'not-found', title: 'Not found', detail }),
  methodNotAllowed: (method: string, allowed: readonly string[]) =>
    new HttpProblem({
      status: 405,
      slug: 'method-not-allowed',
      title: 'Method not allowed',
      detail: `${method} is not allowed here; allowed: ${allowed.join(', ')}`,
      headers: { allow: allowed.join(', ') },
    }),
  conflict: (detail: string) => new HttpProblem({ status: 409, slug: 'conflict', title: 'Conflict', detail }),
  gone: (detail: string) => new HttpProblem({ status: 410, slug: 'gone', title: 'Gone', detail }),
  tooLarge: (limitBytes: number) =>
    new HttpProblem({
      status: 413,
      slug: 'body-too-large',
      title: 'Request body too large',
      detail: `the body exceeds the limit of ${limitBytes} bytes`,
    }),
  unsupportedMediaType: (got: string | undefined, expected: string) =>
    new HttpProblem({
      status: 415,
      slug: 'unsupported-media-type',
      title: 'Unsupported media type',
      detail: `expected ${expected}, got ${got === undefined || got === '' ? 'no content type' : got}`,
    }),
  unavailable: (detail: string) =>
    new HttpProblem({ status: 503, slug: 'unavailable', title: 'Service unavailable', detail }),
  internal: () =>
    new HttpProblem({
      status: 500,
      slug: 'internal-error',
      title: 'Internal server error',
      detail: 'the server could not complete the request; it has been logged',
    }),
} as const;
