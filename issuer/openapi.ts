import { MAX_BATCH } from './services/issueCredentials.ts';
import { MAX_OFFER_MINUTES } from './services/offers.ts';
import { STATUS_LIST_CAPACITY } from './services/statusLists.ts';

/**
 * The issuer service's OpenAPI 3.1 description, served at GET /openapi.json. It is written by hand
 * and kept honest by issuer/test/openapi.test.ts, which fails on any route missing from it or any
 * path in it that the router does not serve. A route registered with a regular expression names it
 * in `x-koa-route` (the C2SP tile paths span several segments, which OpenAPI templates cannot).
 */
type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const problemRef = { $ref: '#/components/responses/Problem' };
const json = (schema: Json, description: string): Json => ({ description, content: { 'application/json': { schema } } });
const text = (description: string): Json => ({ description, content: { 'text/plain': { schema: { type: 'string' } } } });
const body = (schema: Json, description?: string): Json => ({
  required: true,
  ...(description ? { description } : {}),
  content: { 'application/json': { schema } },
});
const pathParam = (name: string, description: string, schema: Json = { type: 'string' }): Json => ({ name, in: 'path', required: true, description, schema });
const queryParam = (name: string, description: string, schema: Json = { type: 'string' }, required = true): Json => ({ name, in: 'query', required, description, schema });
const issuerIdParam = pathParam('issuerId', 'The tenant (issuer) id.', { type: 'string', format: 'uuid' });
const tenantAuth = [{ tenantToken: [] }];
const operatorAuth = [{ operatorToken: [] }];

/** The standard problem answers of a route, by status. */
function problems(...statuses: number[]): Json {
  return Object.fromEntries(statuses.map((status) => [String(status), problemRef]));
}

const schemas: Record<string, Json> = {
  Problem: {
    type: 'object',
    description: 'RFC 9457 problem details.',
    required: ['type', 'title', 'status'],
    properties: {
      type: { type: 'string', format: 'uri' },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string' },
      errors: {
        type: 'array',
        description: 'Each failing field, named by its path in the request body (e.g. credential.credentialSubject.npi).',
        items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } },
      },
    },
  },
  UnsignedCredential: {
    type: 'object',
    description:
      'A W3C VC Data Model 2.0 credential without proof or credentialStatus. @context starts with https://www.w3.org/ns/credentials/v2 and includes https://w3id.org/radcred/v1; type is ["VerifiableCredential", one RadCred type]; credentialSubject follows that type\'s schema. The issuer fills id (urn:uuid), issuer (may be given only as the tenant\'s DID), validFrom, validUntil (the attested fact\'s expiry when not given) and credentialStatus.',
    required: ['@context', 'type', 'credentialSubject'],
    properties: {
      '@context': { type: 'array', items: { type: 'string' } },
      id: { type: 'string', pattern: '^urn:uuid:' },
      type: { type: 'array', items: { type: 'string', enum: ['VerifiableCredential', 'MedicalLicenseCredential', 'BoardCertificationCredential', 'CMECreditCredential'] } },
      issuer: { oneOf: [{ type: 'string' }, { type: 'object', required: ['id'], properties: { id: { type: 'string' }, name: { type: 'string' } } }] },
      name: { type: 'string' },
      description: { type: 'string' },
      validFrom: { type: 'string', format: 'date-time' },
      validUntil: { type: 'string', format: 'date-time' },
      credentialSubject: { type: 'object', description: 'The radiologist: id (did:key), name, npi, and the type\'s fields.' },
    },
  },
  VerifiableCredential: {
    type: 'object',
    description: 'A signed credential: Ed25519Signature2020 proof, two BitstringStatusListEntry (revocation, suspension).',
    required: ['@context', 'id', 'type', 'issuer', 'validFrom', 'credentialSubject', 'credentialStatus', 'proof'],
    properties: {
      '@context': { type: 'array', items: { type: 'string' } },
      id: { type: 'string' },
      type: { type: 'array', items: { type: 'string' } },
      issuer: { oneOf: [{ type: 'string' }, { type: 'object' }] },
      validFrom: { type: 'string', format: 'date-time' },
      validUntil: { type: 'string', format: 'date-time' },
      credentialSubject: { type: 'object' },
      credentialStatus: { type: 'array', items: ref('BitstringStatusListEntry') },
      proof: { type: 'object' },
    },
  },
  BitstringStatusListEntry: {
    type: 'object',
    required: ['type', 'statusPurpose', 'statusListIndex', 'statusListCredential'],
    properties: {
      id: { type: 'string' },
      type: { const: 'BitstringStatusListEntry' },
      statusPurpose: { enum: ['revocation', 'suspension'] },
      statusListIndex: { type: 'string', pattern: '^[0-9]+$' },
      statusListCredential: { type: 'string', format: 'uri' },
    },
  },
  LogEntry: {
    type: 'object',
    description: 'A credential log entry (JCS-canonical JSON, no personal data).',
    required: ['v', 'kind', 'issuer', 'credentialHash', 'at'],
    properties: {
      v: { const: 1 },
      kind: { enum: ['issue', 'status'] },
      issuer: { type: 'string' },
      credentialHash: { type: 'string', pattern: '^sha256:[0-9a-f]{64}$' },
      statusPurpose: { enum: ['revocation', 'suspension'] },
      statusValue: { type: 'boolean' },
      at: { type: 'string', format: 'date-time' },
    },
  },
  LogReceipt: {
    type: 'object',
    description: 'Proof that an entry is in the credential log: the entry, its leaf, and a C2SP tlog-proof (index, audit path, signed checkpoint).',
    required: ['entry', 'leafHash', 'leafIndex', 'treeSize', 'proof'],
    properties: {
      entry: ref('LogEntry'),
      leafHash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
      leafIndex: { type: 'string', pattern: '^[0-9]+$' },
      treeSize: { type: 'string', pattern: '^[0-9]+$' },
      proof: { type: 'string', description: 'C2SP tlog-proof text.' },
    },
  },
  IssueCredentialRequest: {
    type: 'object',
    required: ['credential'],
    additionalProperties: false,
    properties: {
      credential: ref('UnsignedCredential'),
      options: { type: 'object', properties: { credentialId: { type: 'string', description: 'The id to give a credential that has none.' } } },
    },
  },
  IssueCredentialResponse: {
    type: 'object',
    required: ['verifiableCredential', 'receipt'],
    properties: { verifiableCredential: ref('VerifiableCredential'), receipt: ref('LogReceipt') },
  },
  IssueBatchRequest: {
    type: 'object',
    required: ['credentials'],
    additionalProperties: false,
    properties: { credentials: { type: 'array', minItems: 1, maxItems: MAX_BATCH, items: ref('UnsignedCredential') } },
  },
  IssueBatchResponse: {
    type: 'object',
    required: ['results'],
    properties: { results: { type: 'array', items: ref('IssueCredentialResponse') } },
  },
  IssuedCredentialRecord: {
    type: 'object',
    required: ['id', 'credentialType', 'subject', 'credentialHash', 'issuedAt', 'revoked', 'suspended', 'verifiableCredential'],
    properties: {
      id: { type: 'string' },
      credentialType: { type: 'string' },
      subject: { type: 'string' },
      credentialHash: { type: 'string' },
      issuedAt: { type: 'string', format: 'date-time' },
      revoked: { type: 'boolean' },
      revokedAt: { type: ['string', 'null'], format: 'date-time' },
      suspended: { type: 'boolean' },
      verifiableCredential: ref('VerifiableCredential'),
    },
  },
  UpdateStatusRequest: {
    type: 'object',
    required: ['credentialId', 'credentialStatus', 'status'],
    additionalProperties: false,
    properties: {
      credentialId: { type: 'string' },
      credentialStatus: {
        type: 'array',
        minItems: 1,
        maxItems: 2,
        items: { type: 'object', required: ['type', 'statusPurpose'], properties: { type: { const: 'BitstringStatusListEntry' }, statusPurpose: { enum: ['revocation', 'suspension'] } } },
      },
      status: { type: 'boolean', description: 'true sets the bit (revoke / suspend); false clears it (lift a suspension). Revocation is final.' },
    },
  },
  UpdateStatusResponse: {
    type: 'object',
    required: ['credentialId', 'credentialStatus', 'revoked', 'suspended', 'receipts'],
    properties: {
      credentialId: { type: 'string' },
      credentialStatus: { type: 'array', items: { allOf: [ref('BitstringStatusListEntry'), { type: 'object', properties: { status: { type: 'boolean' } } }] } },
      revoked: { type: 'boolean' },
      suspended: { type: 'boolean' },
      receipts: { type: 'array', items: ref('LogReceipt') },
    },
  },
  BitstringStatusListCredential: {
    type: 'object',
    description: `W3C Bitstring Status List v1.0 credential (${STATUS_LIST_CAPACITY} entries), signed by the tenant.`,
    required: ['@context', 'id', 'type', 'issuer', 'validFrom', 'credentialSubject', 'proof'],
    properties: {
      id: { type: 'string', format: 'uri' },
      type: { type: 'array', items: { type: 'string' } },
      issuer: { type: 'string' },
      validFrom: { type: 'string', format: 'date-time' },
      credentialSubject: {
        type: 'object',
        properties: { type: { const: 'BitstringStatusList' }, statusPurpose: { enum: ['revocation', 'suspension'] }, encodedList: { type: 'string' } },
      },
      proof: { type: 'object' },
    },
  },
  CreateOfferRequest: {
    type: 'object',
    required: ['credential'],
    additionalProperties: false,
    properties: {
      credential: { allOf: [ref('UnsignedCredential')], description: 'As for issuing, but credentialSubject has no id: the holder binds it at pickup.' },
      expiresInMinutes: { type: 'integer', minimum: 1, maximum: MAX_OFFER_MINUTES },
    },
  },
  CreatedOffer: {
    type: 'object',
    required: ['offerId', 'url', 'challenge', 'expiresAt'],
    properties: {
      offerId: { type: 'string', format: 'uuid' },
      url: { type: 'string', format: 'uri', description: 'The one-time pickup URL (its secret is stored only as a hash).' },
      challenge: { type: 'string' },
      expiresAt: { type: 'string', format: 'date-time' },
    },
  },
  CredentialOffer: {
    type: 'object',
    description: 'What the wallet reads at the pickup URL: a DID-authentication request.',
    required: ['type', 'id', 'issuer', 'credentialType', 'query', 'challenge', 'domain', 'expiresAt'],
    properties: {
      type: { const: 'CredentialOffer' },
      id: { type: 'string' },
      issuer: { type: 'object', properties: { did: { type: 'string' }, name: { type: 'string' } } },
      credentialType: { type: 'string' },
      query: { type: 'array', items: { type: 'object', properties: { type: { const: 'DIDAuthentication' } } } },
      challenge: { type: 'string' },
      domain: { type: 'string' },
      expiresAt: { type: 'string', format: 'date-time' },
    },
  },
  RedeemOfferRequest: {
    type: 'object',
    required: ['verifiablePresentation'],
    additionalProperties: false,
    properties: {
      verifiablePresentation: {
        type: 'object',
        description: 'A presentation with holder = the wallet\'s did:key, signed by that key (Ed25519Signature2020, proofPurpose authentication) over the offer\'s challenge and domain.',
      },
    },
  },
  IssuerDirectoryEntry: {
    type: 'object',
    required: ['id', 'name', 'kind', 'did', 'credentialTypes'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      name: { type: 'string' },
      kind: { enum: ['state-medical-board', 'specialty-board', 'cme-provider', 'cvo'] },
      jurisdiction: { type: ['string', 'null'] },
      did: { type: 'string' },
      credentialTypes: { type: 'array', items: { type: 'string' } },
    },
  },
  CreateIssuerRequest: {
    type: 'object',
    required: ['name', 'kind', 'credentialTypes'],
    properties: {
      name: { type: 'string' },
      kind: { enum: ['state-medical-board', 'specialty-board', 'cme-provider', 'cvo'] },
      jurisdiction: { type: 'string', pattern: '^US-[A-Z]{2}$' },
      credentialTypes: { type: 'array', items: { type: 'string' } },
    },
  },
  MintTokenRequest: {
    type: 'object',
    properties: { label: { type: 'string' }, expiresInDays: { type: 'integer', minimum: 1, maximum: 3650 } },
  },
  Health: { type: 'object', properties: { status: { type: 'string' }, service: { type: 'string' } } },
};

const logTag = ['Credential log'];

const paths: Record<string, Json> = {
  '/healthz': { get: { tags: ['Operations'], summary: 'Liveness', responses: { '200': json(ref('Health'), 'The process is alive.') } } },
  '/readyz': {
    get: { tags: ['Operations'], summary: 'Readiness', responses: { '200': json(ref('Health'), 'Ready to serve.'), ...problems(503) } },
  },
  '/openapi.json': {
    get: { tags: ['Operations'], summary: 'This document', responses: { '200': json({ type: 'object' }, 'OpenAPI 3.1 document.') } },
  },
  '/admin/issuers': {
    post: {
      tags: ['Administration'],
      summary: 'Create a tenant (issuing organisation) with its own did:key and a first API token',
      security: operatorAuth,
      requestBody: body(ref('CreateIssuerRequest')),
      responses: {
        '201': json({ allOf: [ref('IssuerDirectoryEntry'), { type: 'object', properties: { token: { type: 'string' } } }] }, 'Created; the token is shown once.'),
        ...problems(400, 401, 409, 413, 415, 422),
      },
    },
  },
  '/admin/issuers/{issuerId}/tokens': {
    post: {
      tags: ['Administration'],
      summary: 'Mint another API token for a tenant',
      security: operatorAuth,
      parameters: [issuerIdParam],
      requestBody: { required: false, content: { 'application/json': { schema: ref('MintTokenRequest') } } },
      responses: { '201': json({ type: 'object' }, 'Minted; the token is shown once.'), ...problems(400, 401, 404, 422) },
    },
  },
  '/admin/issuers/{issuerId}/tokens/{tokenId}': {
    delete: {
      tags: ['Administration'],
      summary: 'Revoke a tenant API token',
      security: operatorAuth,
      parameters: [issuerIdParam, pathParam('tokenId', 'Token id.', { type: 'string', format: 'uuid' })],
      responses: { '204': { description: 'Revoked.' }, ...problems(401, 404, 422) },
    },
  },
  '/issuers': {
    get: {
      tags: ['Directory'],
      summary: 'The tenants: name, kind, jurisdiction, DID and the credential types each may issue',
      responses: { '200': json({ type: 'object', properties: { issuers: { type: 'array', items: ref('IssuerDirectoryEntry') } } }, 'The directory.') },
    },
  },
  '/contexts/v1': {
    get: {
      tags: ['Directory'],
      summary: 'The RadCred JSON-LD context (https://w3id.org/radcred/v1)',
      responses: { '200': { description: 'The context.', content: { 'application/ld+json': { schema: { type: 'object' } } } } },
    },
  },
  '/issuers/{issuerId}/credentials/issue': {
    post: {
      tags: ['Issuing'],
      summary: 'Issue a credential (W3C VC-API); answers once its issue entry is in the credential log',
      security: tenantAuth,
      parameters: [issuerIdParam],
      requestBody: body(ref('IssueCredentialRequest')),
      responses: { '201': json(ref('IssueCredentialResponse'), 'Issued and logged.'), ...problems(400, 401, 403, 409, 413, 415, 422, 503) },
    },
  },
  '/credentials/issue': {
    post: {
      tags: ['Issuing'],
      summary: 'Issue a credential as the tenant the token belongs to (W3C VC-API)',
      security: tenantAuth,
      requestBody: body(ref('IssueCredentialRequest')),
      responses: { '201': json(ref('IssueCredentialResponse'), 'Issued and logged.'), ...problems(400, 401, 403, 409, 413, 415, 422, 503) },
    },
  },
  '/issuers/{issuerId}/credentials/issue-batch': {
    post: {
      tags: ['Issuing'],
      summary: `Issue up to ${MAX_BATCH} credentials, all or nothing, in one log batch`,
      security: tenantAuth,
      parameters: [issuerIdParam],
      requestBody: body(ref('IssueBatchRequest'), 'Field errors are named credentials[i].<field>.'),
      responses: { '201': json(ref('IssueBatchResponse'), 'All issued and logged, in request order.'), ...problems(400, 401, 403, 409, 413, 415, 422, 503) },
    },
  },
  '/issuers/{issuerId}/credentials/{credentialId}': {
    get: {
      tags: ['Issuing'],
      summary: "The issuer's record of one of its credentials (another tenant's is 404)",
      security: tenantAuth,
      parameters: [issuerIdParam, pathParam('credentialId', 'The credential id (urn:uuid:…), URL-encoded.')],
      responses: { '200': json(ref('IssuedCredentialRecord'), 'The record.'), ...problems(401, 403, 404) },
    },
  },
  '/credentials/status': {
    post: {
      tags: ['Status'],
      summary: 'Revoke, suspend or reinstate a credential (W3C VC-API); the list is re-signed and the change logged in one transaction',
      security: tenantAuth,
      requestBody: body(ref('UpdateStatusRequest')),
      responses: { '200': json(ref('UpdateStatusResponse'), 'Changed and logged.'), ...problems(400, 401, 404, 409, 413, 415, 422, 503) },
    },
  },
  '/issuers/{issuerId}/status-lists': {
    get: {
      tags: ['Status'],
      summary: "The tenant's status lists with how many positions each has handed out",
      security: tenantAuth,
      parameters: [issuerIdParam],
      responses: {
        '200': json(
          {
            type: 'object',
            properties: {
              statusLists: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    id: { type: 'string' },
                    url: { type: 'string', format: 'uri' },
                    statusPurpose: { enum: ['revocation', 'suspension'] },
                    capacity: { type: 'integer' },
                    allocated: { type: 'integer' },
                    state: { enum: ['open', 'full'] },
                  },
                },
              },
            },
          },
          'The lists.',
        ),
        ...problems(401, 403),
      },
    },
  },
  '/status/{listId}': {
    get: {
      tags: ['Status'],
      summary: 'A signed BitstringStatusListCredential (public, cacheable, ETag)',
      parameters: [pathParam('listId', 'Status list id.', { type: 'string', format: 'uuid' })],
      responses: {
        '200': { description: 'The list credential.', content: { 'application/vc+ld+json': { schema: ref('BitstringStatusListCredential') } } },
        '304': { description: 'Not modified (If-None-Match).' },
        ...problems(404),
      },
    },
  },
  '/issuers/{issuerId}/offers': {
    post: {
      tags: ['Offers'],
      summary: 'Offer a credential to a radiologist without a DID yet: a one-time pickup URL',
      security: tenantAuth,
      parameters: [issuerIdParam],
      requestBody: body(ref('CreateOfferRequest')),
      responses: { '201': json(ref('CreatedOffer'), 'Offered.'), ...problems(400, 401, 403, 413, 415, 422) },
    },
  },
  '/offers/{offerId}': {
    parameters: [
      pathParam('offerId', 'Offer id.', { type: 'string', format: 'uuid' }),
      queryParam('secret', 'The one-time secret from the pickup URL.'),
    ],
    get: {
      tags: ['Offers'],
      summary: 'Read an offer: the DID-authentication request (challenge, domain) to answer',
      responses: { '200': json(ref('CredentialOffer'), 'The offer.'), ...problems(404, 410) },
    },
    post: {
      tags: ['Offers'],
      summary: "Redeem an offer with a DID-authentication presentation; the credential is bound to the holder's DID, issued and logged",
      requestBody: body(ref('RedeemOfferRequest')),
      responses: { '201': json(ref('IssueCredentialResponse'), 'Issued and logged.'), ...problems(400, 404, 410, 413, 415, 422, 503) },
    },
  },
  '/log/checkpoint': { get: { tags: logTag, summary: 'Latest signed checkpoint (C2SP tlog-checkpoint in a signed note)', responses: { '200': text('The checkpoint note.') } } },
  '/log/key': { get: { tags: logTag, summary: "The log's C2SP verifier key", responses: { '200': text('The vkey string.') } } },
  '/log/tile/{tilePath}': {
    'x-koa-route': '^\\/log\\/(tile\\/.*)$',
    get: {
      tags: logTag,
      summary: 'C2SP tlog-tiles: tile/<L>/<N>[.p/<W>] and tile/entries/<N>[.p/<W>] (full tiles are immutable)',
      parameters: [pathParam('tilePath', 'The rest of the tile path, several segments (e.g. 0/x001/234.p/7).')],
      responses: {
        '200': { description: 'Tile or entry bundle bytes.', content: { 'application/octet-stream': { schema: { type: 'string', contentEncoding: 'binary' } } } },
        ...problems(400, 404),
      },
    },
  },
  '/log/proof/inclusion': {
    get: {
      tags: logTag,
      summary: 'RFC 6962 inclusion proof',
      parameters: [queryParam('hash', 'Leaf hash, hex.'), queryParam('size', 'Tree size.', { type: 'string', pattern: '^[0-9]+$' })],
      responses: { '200': json({ type: 'object', properties: { index: { type: 'integer' }, treeSize: { type: 'integer' }, proof: { type: 'array', items: { type: 'string' } } } }, 'The audit path, leaf sibling first.'), ...problems(400, 404) },
    },
  },
  '/log/proof/consistency': {
    get: {
      tags: logTag,
      summary: 'RFC 6962 consistency proof',
      parameters: [queryParam('from', 'Older size.', { type: 'string', pattern: '^[0-9]+$' }), queryParam('to', 'Newer size.', { type: 'string', pattern: '^[0-9]+$' })],
      responses: { '200': json({ type: 'object', properties: { from: { type: 'integer' }, to: { type: 'integer' }, proof: { type: 'array', items: { type: 'string' } } } }, 'The proof.'), ...problems(400) },
    },
  },
  '/log/receipts/{credentialHash}': {
    get: {
      tags: logTag,
      summary: "A C2SP tlog-proof for a credential's issue entry, verifiable offline",
      parameters: [pathParam('credentialHash', 'SHA-256 of the JCS bytes of the signed credential, hex.', { type: 'string', pattern: '^[0-9a-fA-F]{64}$' })],
      responses: { '200': text('The tlog-proof.'), ...problems(400, 404) },
    },
  },
};

export function issuerOpenApiDocument(): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'RadCred issuer service',
      version: '0.1.0',
      description:
        'Issues W3C Verifiable Credentials (VC Data Model 2.0, Ed25519Signature2020) to radiologists for medical boards and CME providers, publishes Bitstring Status Lists, and anchors every issuance and status change in an RFC 6962 / C2SP credential log. Errors are RFC 9457 problem+json.',
    },
    servers: [{ url: '/' }],
    tags: ['Operations', 'Administration', 'Directory', 'Issuing', 'Status', 'Offers', 'Credential log'].map((name) => ({ name })),
    paths,
    components: {
      schemas,
      responses: { Problem: { description: 'Problem details', content: { 'application/problem+json': { schema: ref('Problem') } } } },
      securitySchemes: {
        tenantToken: { type: 'http', scheme: 'bearer', description: 'A tenant API token (rcit_…).' },
        operatorToken: { type: 'http', scheme: 'bearer', description: 'The service operator token.' },
      },
    },
  };
}
