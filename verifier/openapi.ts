import { CHECK_NAMES } from '../core/verify/checkResult.ts';

/**
 * The verifier's OpenAPI 3.1 document (`GET /openapi.json`). A test walks the koa router and this
 * document and fails on any route or method that is in one but not the other.
 */
type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json): Json => ({ 'application/json': { schema } });
const problem = (description: string): Json => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });
const ok = (description: string, schema: Json, status = '200'): Json => ({ [status]: { description, content: json(schema) } });
const staff = [{ staffToken: [] }];
const common = { '401': problem('missing, unknown or revoked staff token') };
const bodyErrors = { '400': problem('malformed JSON, body nested too deeply, or not the expected shape'), '413': problem('body over 1 MiB'), '415': problem('not JSON') };
const pathParam = (name: string, description: string): Json => ({ name, in: 'path', required: true, schema: { type: 'string' }, description });
const body = (schema: Json): Json => ({ required: true, content: json(schema) });

const schemas: Record<string, Json> = {
  Problem: {
    type: 'object',
    required: ['type', 'title', 'status'],
    properties: {
      type: { type: 'string' },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string' },
      errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
    },
  },
  CheckResult: {
    type: 'object',
    required: ['check', 'ok', 'code', 'detail'],
    properties: { check: { type: 'string', enum: [...CHECK_NAMES] }, ok: { type: 'boolean' }, code: { type: 'string' }, detail: { type: 'string' } },
  },
  CredentialResult: {
    type: 'object',
    properties: {
      id: { type: ['string', 'null'] },
      type: { type: 'string' },
      issuer: { type: 'object', properties: { did: { type: ['string', 'null'] }, name: { type: ['string', 'null'] } } },
      summary: { type: 'string' },
      verified: { type: 'boolean' },
      checks: { type: 'array', items: ref('CheckResult') },
    },
  },
  Requirement: {
    type: 'object',
    properties: { rule: { type: 'object' }, description: { type: 'string' }, met: { type: 'boolean' }, evidence: { type: 'array', items: { type: 'string' } }, detail: { type: 'string' } },
  },
  VerificationReport: {
    type: 'object',
    required: ['reportId', 'verified', 'decision', 'checkedAt', 'credentials', 'errors'],
    properties: {
      reportId: { type: 'string' },
      requestId: { type: ['string', 'null'] },
      kind: { type: 'string', enum: ['credential', 'presentation', 'request'] },
      verified: { type: 'boolean' },
      decision: { type: 'string', enum: ['accepted', 'rejected'] },
      checkedAt: { type: 'string', format: 'date-time' },
      requestedBy: { type: 'string' },
      presentation: { type: 'object', properties: { holder: { type: ['string', 'null'] }, checks: { type: 'array', items: ref('CheckResult') } } },
      credentials: { type: 'array', items: ref('CredentialResult') },
      policy: {
        type: 'object',
        properties: { id: { type: 'string' }, name: { type: 'string' }, satisfied: { type: 'boolean' }, requirements: { type: 'array', items: ref('Requirement') } },
      },
      errors: { type: 'array', items: { type: 'string' } },
    },
  },
  VerifyCredentialResult: {
    type: 'object',
    properties: {
      verified: { type: 'boolean' },
      reportId: { type: 'string' },
      checks: { type: 'array', items: ref('CheckResult') },
      credential: { type: ['object', 'null'] },
      warnings: { type: 'array', items: { type: 'string' } },
      errors: { type: 'array', items: { type: 'string' } },
    },
  },
  VerifyPresentationResult: {
    type: 'object',
    properties: {
      verified: { type: 'boolean' },
      reportId: { type: 'string' },
      holder: { type: ['string', 'null'] },
      checks: { type: 'array', items: ref('CheckResult') },
      credentialResults: { type: 'array', items: ref('CredentialResult') },
      warnings: { type: 'array', items: { type: 'string' } },
      errors: { type: 'array', items: { type: 'string' } },
    },
  },
  VerifyOptions: {
    type: 'object',
    properties: {
      challenge: { type: 'string', description: 'a challenge from POST /challenges (single use)' },
      domain: { type: 'string' },
      checks: { type: 'array', items: { type: 'string' }, description: 'RadCred check names or VC-API short names (proof, status, expiration, …); default all' },
    },
  },
  TrustedIssuer: {
    type: 'object',
    properties: {
      did: { type: 'string' },
      name: { type: 'string' },
      kind: { type: 'string', enum: ['state-medical-board', 'specialty-board', 'cme-provider', 'cvo'] },
      credentialTypes: { type: 'array', items: { type: 'string' } },
      jurisdictions: { type: 'array', items: { type: 'string' } },
      statusBaseUrl: { type: ['string', 'null'] },
      addedBy: { type: 'string' },
      addedAt: { type: 'string', format: 'date-time' },
    },
  },
  TrustedLog: {
    type: 'object',
    properties: {
      origin: { type: 'string' },
      verifierKey: { type: 'string' },
      baseUrl: { type: 'string' },
      checkpointSize: { type: ['string', 'null'] },
      checkpoint: { type: ['string', 'null'] },
      addedBy: { type: 'string' },
      addedAt: { type: 'string' },
      updatedAt: { type: 'string' },
    },
  },
  Policy: {
    type: 'object',
    properties: { id: { type: 'string' }, name: { type: 'string' }, description: { type: 'string' }, rules: { type: 'array', items: { type: 'object' } } },
  },
  PresentationRequest: {
    type: 'object',
    description: 'contracts.md: the Verifiable Presentation Request a wallet reads',
    properties: {
      type: { const: 'VerifiablePresentationRequest' },
      id: { type: 'string' },
      verifier: { type: 'object' },
      policy: ref('Policy'),
      applicant: { type: 'object' },
      query: { type: 'array', items: { type: 'object' } },
      challenge: { type: 'string' },
      domain: { type: 'string' },
      expiresAt: { type: 'string' },
      presentationUrl: { type: 'string' },
    },
  },
  Alert: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      kind: { type: 'string', enum: ['revoked', 'suspended', 'reinstated', 'status-unavailable'] },
      detail: { type: 'string' },
      credentialId: { type: ['string', 'null'] },
      issuerDid: { type: 'string' },
      reportId: { type: 'string' },
      requestId: { type: ['string', 'null'] },
      monitoredCredentialId: { type: 'string' },
      createdAt: { type: 'string' },
    },
  },
};

const paths: Record<string, Json> = {
  '/healthz': { get: { summary: 'Liveness', responses: ok('alive', { type: 'object' }) } },
  '/readyz': { get: { summary: 'Readiness (database reachable)', responses: { ...ok('ready', { type: 'object' }), '503': problem('not ready') } } },
  '/openapi.json': { get: { summary: 'This document', responses: ok('OpenAPI 3.1 document', { type: 'object' }) } },
  '/admin/tokens': {
    post: {
      summary: 'Mint a staff token (admin token only); shown once',
      security: staff,
      requestBody: body({ type: 'object', required: ['label'], properties: { label: { type: 'string' } } }),
      responses: { ...ok('the new token', { type: 'object' }, '201'), ...common, ...bodyErrors, '422': problem('invalid label') },
    },
  },
  '/admin/tokens/{tokenId}': {
    delete: { summary: 'Revoke a staff token', security: staff, parameters: [pathParam('tokenId', 'token id')], responses: { '204': { description: 'revoked' }, ...common, '404': problem('no live token') } },
  },
  '/trusted-issuers': {
    get: { summary: 'The trust registry', security: staff, responses: { ...ok('registry', { type: 'object', properties: { trustedIssuers: { type: 'array', items: ref('TrustedIssuer') } } }), ...common } },
    post: {
      summary: 'Trust an issuer for credential types and jurisdictions',
      security: staff,
      requestBody: body(ref('TrustedIssuer')),
      responses: { ...ok('added', ref('TrustedIssuer'), '201'), ...common, ...bodyErrors, '422': problem('invalid entry') },
    },
  },
  '/trusted-issuers/import': {
    post: {
      summary: "Import selected entries of an issuer service's public directory (explicit staff step)",
      security: staff,
      requestBody: body({ type: 'object', required: ['issuerServiceUrl', 'dids'], properties: { issuerServiceUrl: { type: 'string' }, dids: { type: 'array', items: { type: 'string' } } } }),
      responses: { ...ok('imported', { type: 'object' }, '201'), ...common, ...bodyErrors, '422': problem('invalid request') },
    },
  },
  '/trusted-issuers/{did}': {
    delete: { summary: 'Stop trusting an issuer', security: staff, parameters: [pathParam('did', 'the DID')], responses: { '204': { description: 'removed' }, ...common, '404': problem('not in the registry') } },
  },
  '/trusted-logs': {
    get: { summary: 'Pinned credential logs', security: staff, responses: { ...ok('pinned logs', { type: 'object', properties: { trustedLogs: { type: 'array', items: ref('TrustedLog') } } }), ...common } },
    post: {
      summary: "Pin an issuer service's credential log (key from GET <service>/log/key, optionally confirmed against a key given out of band)",
      security: staff,
      requestBody: body({ type: 'object', required: ['issuerServiceUrl'], properties: { issuerServiceUrl: { type: 'string' }, verifierKey: { type: 'string' } } }),
      responses: { ...ok('pinned', ref('TrustedLog'), '201'), ...common, ...bodyErrors, '409': problem('already pinned with another key'), '422': problem('invalid request') },
    },
  },
  '/trusted-logs/{origin}': {
    delete: { summary: 'Unpin a log', security: staff, parameters: [pathParam('origin', 'the log origin, URL-encoded')], responses: { '204': { description: 'removed' }, ...common, '404': problem('not pinned') } },
  },
  '/policies': {
    get: { summary: 'Credentialing policies', security: staff, responses: { ...ok('policies', { type: 'object', properties: { policies: { type: 'array', items: ref('Policy') } } }), ...common } },
    post: {
      summary: 'Create a policy from rules (license-active, board-certification-current, cme-credits, evidence-max-age)',
      security: staff,
      requestBody: body(ref('Policy')),
      responses: { ...ok('created', ref('Policy'), '201'), ...common, ...bodyErrors, '409': problem('name taken'), '422': problem('invalid rules') },
    },
  },
  '/policies/{policyId}': {
    get: { summary: 'One policy', security: staff, parameters: [pathParam('policyId', 'policy id')], responses: { ...ok('policy', ref('Policy')), ...common, '404': problem('no such policy') } },
  },
  '/policy-packs': {
    get: { summary: 'Ready-made rule packs (ABR continuing certification, California license renewal CME)', security: staff, responses: { ...ok('packs', { type: 'object' }), ...common } },
  },
  '/challenges': {
    post: {
      summary: 'A single-use, expiring challenge for POST /presentations/verify',
      security: staff,
      responses: { ...ok('challenge', { type: 'object', properties: { challenge: { type: 'string' }, domain: { type: 'string' }, expiresAt: { type: 'string' } } }, '201'), ...common },
    },
  },
  '/credentials/verify': {
    post: {
      summary: 'VC-API: verify a credential (every check unless options.checks narrows them); stored as a report',
      security: staff,
      requestBody: body({ type: 'object', required: ['verifiableCredential'], properties: { verifiableCredential: { type: 'object' }, receipt: { type: 'object' }, options: ref('VerifyOptions') } }),
      responses: { ...ok('verified', ref('VerifyCredentialResult')), '422': { description: 'not verified', content: json(ref('VerifyCredentialResult')) }, ...common, ...bodyErrors },
    },
  },
  '/presentations/verify': {
    post: {
      summary: 'VC-API: verify a presentation against a challenge from POST /challenges; stored as a report',
      security: staff,
      requestBody: body({ type: 'object', required: ['verifiablePresentation'], properties: { verifiablePresentation: { type: 'object' }, receipts: { type: 'array', maxItems: 50, description: 'issuance receipts by credential position, as the issuers returned them (null: fetched from the issuer log)', items: { oneOf: [{ type: 'object' }, { type: 'null' }] } }, options: ref('VerifyOptions') } }),
      responses: { ...ok('verified', ref('VerifyPresentationResult')), '422': { description: 'not verified', content: json(ref('VerifyPresentationResult')) }, ...common, ...bodyErrors },
    },
  },
  '/requests': {
    get: { summary: 'Presentation requests, newest first', security: staff, parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer' } }], responses: { ...ok('requests', { type: 'object' }), ...common } },
    post: {
      summary: 'Create a presentation request for a policy and an applicant',
      security: staff,
      requestBody: body({ type: 'object', required: ['policyId', 'applicant'], properties: { policyId: { type: 'string' }, applicant: { type: 'object' } } }),
      responses: {
        ...ok('created', { type: 'object', properties: { id: { type: 'string' }, url: { type: 'string' }, expiresAt: { type: 'string' } } }, '201'),
        ...common,
        ...bodyErrors,
        '404': problem('no such policy'),
        '422': problem('invalid request'),
      },
    },
  },
  '/requests/{requestId}': {
    get: {
      summary: 'Staff view: status, who asked and when, the report and what was presented, every attempt',
      security: staff,
      parameters: [pathParam('requestId', 'request id')],
      responses: { ...ok('request', { type: 'object', properties: { report: ref('VerificationReport') } }), ...common, '404': problem('no such request') },
    },
  },
  '/requests/{requestId}/{secret}': {
    get: {
      summary: 'Wallet: read the presentation request (no token; the URL is the capability)',
      parameters: [pathParam('requestId', 'request id'), pathParam('secret', 'the secret from the request URL')],
      responses: { ...ok('request', ref('PresentationRequest')), '404': problem('unknown request or wrong secret'), '410': problem('answered or expired') },
    },
  },
  '/requests/{requestId}/{secret}/presentations': {
    post: {
      summary: 'Wallet: answer the request with a signed presentation (no token)',
      parameters: [pathParam('requestId', 'request id'), pathParam('secret', 'the secret from the request URL')],
      requestBody: body({ type: 'object', required: ['verifiablePresentation'], properties: { verifiablePresentation: { type: 'object' }, receipts: { type: 'array', maxItems: 50, description: 'issuance receipts by credential position, as the issuers returned them (null: fetched from the issuer log)', items: { oneOf: [{ type: 'object' }, { type: 'null' }] } } } }),
      responses: {
        ...ok('accepted', ref('VerificationReport')),
        '422': { description: 'rejected (the report says why), or an invalid body', content: json(ref('VerificationReport')) },
        '404': problem('unknown request or wrong secret'),
        ...bodyErrors,
      },
    },
  },
  '/reports/{reportId}': {
    get: { summary: 'A stored report with what was submitted', security: staff, parameters: [pathParam('reportId', 'report id')], responses: { ...ok('report', { type: 'object' }), ...common, '404': problem('no such report') } },
  },
  '/alerts': {
    get: {
      summary: 'Status monitor alerts, newest first',
      security: staff,
      parameters: [
        { name: 'since', in: 'query', schema: { type: 'string', format: 'date-time' } },
        { name: 'limit', in: 'query', schema: { type: 'integer' } },
      ],
      responses: { ...ok('alerts', { type: 'object', properties: { alerts: { type: 'array', items: ref('Alert') } } }), ...common },
    },
  },
  '/monitor/run': {
    post: { summary: 'Run a status monitor pass now', security: staff, responses: { ...ok('summary', { type: 'object', properties: { checked: { type: 'integer' }, alerts: { type: 'integer' }, errors: { type: 'integer' } } }), ...common } },
  },
};

export function verifierOpenApiDocument(serverUrl?: string): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'RadCred verifier',
      version: '0.1.0',
      description: "A hospital's verifier: trust registry, credentialing policies, presentation requests, W3C VC-API verification, status monitoring.",
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    components: {
      securitySchemes: { staffToken: { type: 'http', scheme: 'bearer', description: 'VERIFIER_ADMIN_TOKEN or a staff token from POST /admin/tokens' } },
      schemas,
    },
    paths,
  };
}
