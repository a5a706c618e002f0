import fc from 'fast-check';
import jsonld from 'jsonld';
import ContextResolver from 'jsonld/lib/ContextResolver.js';
import {
  BITSTRING_STATUS_LIST_URL,
  CREDENTIALS_V1_URL,
  CREDENTIALS_V2_URL,
  DATA_INTEGRITY_V2_URL,
  DID_V1_URL,
  ED25519_2020_URL,
  RADCRED_CONTEXT_URL,
} from '../contexts.ts';
import { documentLoader } from '../documentLoader.ts';
import { radcredTypeNames } from '../registry.ts';

/** fast-check generators of RadCred-shaped documents, and the reference canonicaliser, for the fastCanonize tests. */

export type Json = Record<string, unknown>;

/**
 * jsonld.canonize with a context cache of its own per call: jsonld.js 9's shared cache can replay
 * one document's warnings into a later one (fastCanonize/freshContextResolver.ts), which would make
 * this oracle's answer depend on what other tests canonicalised before.
 */
export const referenceCanonize = (document: unknown): Promise<string> =>
  jsonld.canonize(document, {
    algorithm: 'RDFC-1.0',
    base: null,
    format: 'application/n-quads',
    documentLoader,
    safe: true,
    contextResolver: new ContextResolver({ sharedCache: new Map<string, unknown>() }),
  } as Parameters<typeof jsonld.canonize>[1]);

/** The reference's outcome as a value: its N-Quads or its error message. */
export async function referenceOutcome(document: unknown): Promise<{ nquads: string } | { error: string }> {
  try {
    return { nquads: await referenceCanonize(document) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

const nasty = fc.constantFrom('"', '\\', '\n', '\r', '\t', '\u0000', '\u0001', '\u001f', '\u007f', '\u2028', '\ufeff', 'é', '😀', '\ud83d', 'a', 'Z', ' ', '<', '>', '^', '@', ':', '#', '_');

/** Strings with the characters N-Quads must escape, unicode, emoji, lone surrogates. */
export const textValue: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: nasty, maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('Dr. Ana Rivera', 'ABR', 'US-NY', '2025-01-01', ''),
);

/** JSON numbers of every rendering class: integers, decimals, huge, tiny, negative zero. */
export const numberValue: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.integer({ min: 0, max: 4000 }).map((n) => n / 4),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, 1e21, 1e20, 123456789012345680000, 2 ** 53, -(2 ** 53) - 2, 1e-7, 5e-324, 0.1, 12.5, 6, 1.7976931348623157e308),
);

export const scalarValue: fc.Arbitrary<string | number | boolean> = fc.oneof(textValue, numberValue, fc.boolean());

const didKeys = [
  'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
  'did:key:z6MkwVDfCg9LbbY6xjH3EZk8YSFQZujV5Y4y1ZWeER9tDiN3',
  'did:key:z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH',
] as const;
export const didKey: fc.Arbitrary<string> = fc.constantFrom(...didKeys);
const verificationMethod = didKey.map((did) => `${did}#${did.slice('did:key:'.length)}`);
const absoluteIri = fc.oneof(
  fc.uuid().map((u) => `urn:uuid:${u}`),
  fc.webUrl({ withFragments: true, withQueryParameters: true }),
  didKey,
);
const dateTime = fc.oneof(
  fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => `${d.toISOString().slice(0, 19)}Z`),
  textValue,
);

/** A value for a subject field: usually of the field's kind, sometimes anything (the mapping is defined for all). */
function field(usual: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 4, arbitrary: usual }, { weight: 1, arbitrary: scalarValue });
}
const set = fc.array(textValue, { maxLength: 4 });

const subjectFields: Record<string, fc.Arbitrary<unknown>> = {
  name: field(textValue),
  npi: field(fc.stringMatching(/^\d{10}$/)),
  jurisdiction: field(fc.constantFrom('US-NY', 'US-CA')),
  licenseNumber: field(textValue),
  licenseType: field(fc.constantFrom('MD', 'DO')),
  licenseStatus: field(fc.constantFrom('active', 'revoked')),
  issuedOn: field(fc.constantFrom('2019-07-01', '2020-02-29')),
  expiresOn: field(textValue),
  restrictions: fc.oneof(set, textValue),
  interstateCompact: field(fc.boolean()),
  board: field(textValue),
  boardCode: field(fc.constantFrom('ABR', 'AOBR')),
  specialty: field(textValue),
  subspecialties: fc.oneof(set, textValue),
  certificateType: field(textValue),
  continuingCertificationStatus: field(textValue),
  certifiedOn: field(textValue),
  validThrough: field(textValue),
  provider: field(textValue),
  accreditor: field(textValue),
  activityTitle: field(textValue),
  activityId: field(textValue),
  activityFormat: field(textValue),
  completionDate: field(textValue),
  creditType: field(textValue),
  credits: field(numberValue),
  mqsaHours: field(numberValue),
};

export const subject: fc.Arbitrary<Json> = fc.record(
  { id: didKey, ...subjectFields },
  { requiredKeys: [] },
).filter((s) => Object.keys(s).length > 0);

const statusEntry: fc.Arbitrary<Json> = fc.record({
  id: fc.webUrl().map((u) => `${u}#${u.length}`),
  type: fc.constant('BitstringStatusListEntry'),
  statusPurpose: fc.constantFrom('revocation', 'suspension'),
  statusListIndex: fc.nat().map(String),
  statusListCredential: fc.webUrl(),
});

export type ProofType = 'Ed25519Signature2020' | 'DataIntegrityProof';

/** Proof options (no proofValue): what canonizeProof canonizes, minus the @context. */
export function proofOptions(type: ProofType): fc.Arbitrary<Json> {
  return fc.record(
    {
      type: fc.constant(type),
      ...(type === 'DataIntegrityProof' ? { cryptosuite: fc.constantFrom('eddsa-rdfc-2022', 'ecdsa-rdfc-2019') } : {}),
      created: dateTime,
      verificationMethod,
      proofPurpose: fc.constantFrom('assertionMethod', 'authentication', 'capabilityInvocation'),
      challenge: textValue,
      domain: fc.oneof(textValue, fc.webUrl()),
      nonce: textValue,
    },
    { requiredKeys: ['type', 'created', 'verificationMethod', 'proofPurpose'] },
  );
}

export function proof(type: ProofType): fc.Arbitrary<Json> {
  return fc
    .tuple(proofOptions(type), fc.stringMatching(/^z[1-9A-HJ-NP-Za-km-z]{20,88}$/))
    .map(([options, proofValue]) => ({ ...options, proofValue }));
}

const proofType = fc.constantFrom<ProofType>('Ed25519Signature2020', 'DataIntegrityProof');
const proofs = fc.oneof(
  proofType.chain(proof),
  fc.array(proofType.chain(proof), { minLength: 1, maxLength: 2 }),
);

/** Context lists RadCred credentials use (Ed25519Signature2020 needs its context; DataIntegrityProof is in VC 2.0). */
export const credentialContext = fc.constantFrom(
  [CREDENTIALS_V2_URL, RADCRED_CONTEXT_URL, ED25519_2020_URL],
  [CREDENTIALS_V2_URL, ED25519_2020_URL, RADCRED_CONTEXT_URL],
  [CREDENTIALS_V2_URL, RADCRED_CONTEXT_URL, ED25519_2020_URL, DATA_INTEGRITY_V2_URL],
);

export const radcredCredential: fc.Arbitrary<Json> = fc.record(
  {
    '@context': credentialContext,
    id: fc.uuid().map((u) => `urn:uuid:${u}`),
    type: fc.constantFrom(...radcredTypeNames).chain((t) => fc.constantFrom(['VerifiableCredential', t], [t, 'VerifiableCredential'], ['VerifiableCredential', t, t])),
    issuer: fc.oneof(didKey, fc.record({ id: didKey, name: textValue }, { requiredKeys: ['id'] })),
    name: textValue,
    description: textValue,
    validFrom: dateTime,
    validUntil: dateTime,
    credentialSubject: fc.oneof(subject, fc.array(subject, { minLength: 1, maxLength: 3 })),
    credentialStatus: fc.oneof(statusEntry, fc.array(statusEntry, { maxLength: 2 })),
    proof: proofs,
  },
  { requiredKeys: ['@context', 'type', 'issuer', 'credentialSubject'] },
);

export const statusListCredential: fc.Arbitrary<Json> = fc.record(
  {
    '@context': fc.constantFrom([CREDENTIALS_V2_URL, ED25519_2020_URL], [CREDENTIALS_V2_URL], [CREDENTIALS_V2_URL, BITSTRING_STATUS_LIST_URL, ED25519_2020_URL]),
    id: fc.webUrl(),
    type: fc.constant(['VerifiableCredential', 'BitstringStatusListCredential']),
    issuer: didKey,
    validFrom: dateTime,
    credentialSubject: fc.record(
      {
        id: fc.webUrl().map((u) => `${u}#list`),
        type: fc.constant('BitstringStatusList'),
        encodedList: fc.string({ unit: fc.constantFrom(...'uH4sIAAAAAAAA-_x0123456789'.split('')), maxLength: 40 }),
        statusPurpose: fc.constantFrom('revocation', 'suspension', 'message'),
        ttl: numberValue,
      },
      { requiredKeys: ['id', 'type', 'encodedList', 'statusPurpose'] },
    ),
  },
  { requiredKeys: ['@context', 'id', 'type', 'issuer', 'credentialSubject'] },
).chain((credential) =>
  fc.option(proof((credential['@context'] as readonly string[]).includes(ED25519_2020_URL) ? 'Ed25519Signature2020' : 'DataIntegrityProof'), { nil: undefined })
    .map((p) => (p === undefined ? credential : { ...credential, proof: p })),
);

/** A presentation with 0–5 embedded credentials (each with its proof), optionally with its own proof. */
export const presentation: fc.Arbitrary<Json> = fc.record(
  {
    '@context': fc.constantFrom([CREDENTIALS_V2_URL, ED25519_2020_URL], [CREDENTIALS_V2_URL, ED25519_2020_URL, RADCRED_CONTEXT_URL]),
    id: fc.uuid().map((u) => `urn:uuid:${u}`),
    type: fc.constant(['VerifiablePresentation']),
    holder: fc.oneof(didKey, fc.record({ id: didKey })),
    verifiableCredential: fc.oneof(
      fc.array(fc.oneof({ weight: 5, arbitrary: radcredCredential }, { weight: 1, arbitrary: statusListCredential }), { maxLength: 5 }),
      radcredCredential,
    ),
    proof: proofType.chain(proof),
  },
  { requiredKeys: ['@context', 'type', 'holder'] },
);

/** `{'@context': document['@context'], ...proof}` without proofValue: jsonld-signatures' canonizeProof input. */
export const proofOptionsDocument: fc.Arbitrary<Json> = fc.oneof(
  fc.tuple(fc.constantFrom([CREDENTIALS_V2_URL, ED25519_2020_URL], [CREDENTIALS_V2_URL, RADCRED_CONTEXT_URL, ED25519_2020_URL]), proofOptions('Ed25519Signature2020')),
  fc.tuple(fc.constantFrom([CREDENTIALS_V2_URL], [CREDENTIALS_V2_URL, RADCRED_CONTEXT_URL], [CREDENTIALS_V2_URL, DATA_INTEGRITY_V2_URL]), proofOptions('DataIntegrityProof')),
).map(([context, options]) => ({ '@context': context, ...options }));

/** Every bundled context URL plus an unknown one, for fuzzed documents. */
export const anyContextUrl = fc.constantFrom(
  CREDENTIALS_V1_URL,
  CREDENTIALS_V2_URL,
  ED25519_2020_URL,
  DATA_INTEGRITY_V2_URL,
  BITSTRING_STATUS_LIST_URL,
  DID_V1_URL,
  RADCRED_CONTEXT_URL,
);

/** Keys that are terms somewhere in the bundled contexts (some only in scoped contexts), keywords, and unknowns. */
const fuzzKeys = fc.constantFrom(
  'id', 'type', '@id', '@type', '@context', 'name', 'description', 'npi', 'credits', 'restrictions', 'interstateCompact',
  'issuer', 'credentialSubject', 'credentialStatus', 'proof', 'verifiableCredential', 'holder', 'validFrom', 'issuanceDate',
  'proofPurpose', 'verificationMethod', 'created', 'challenge', 'domain', 'nonce', 'cryptosuite', 'proofValue',
  'statusListIndex', 'statusListCredential', 'statusPurpose', 'encodedList', 'statusMessage', 'message', 'status',
  'jsonSchema', 'cnf', 'kid', 'digestMultibase', 'controller', 'publicKeyMultibase', 'assertionMethod', 'authentication',
  'unknownTerm', 'sec:proof', 'https://schema.org/name', '@value', '@language', '@graph', '@reverse', '@included', '@foo',
);
const fuzzStrings = fc.oneof(
  fc.constantFrom(
    'VerifiableCredential', 'VerifiablePresentation', 'MedicalLicenseCredential', 'CMECreditCredential', 'BitstringStatusList',
    'BitstringStatusListEntry', 'BitstringStatusListCredential', 'Ed25519Signature2020', 'DataIntegrityProof',
    'Ed25519VerificationKey2020', 'JsonSchema', 'assertionMethod', 'authentication', 'Unknown', 'en', 'ltr',
    'urn:uuid:0', 'did:key:z6Mk', 'https://example.org/x', '_:b0', 'relative', '#frag', 'sec:x', '@id', '@json', '',
  ),
  absoluteIri,
  textValue,
);
const fuzzScalar = fc.oneof(fuzzStrings, numberValue, fc.boolean(), fc.constant(null));
const fuzzContext = fc.oneof(
  { weight: 6, arbitrary: fc.array(anyContextUrl, { minLength: 1, maxLength: 3 }) },
  { weight: 1, arbitrary: anyContextUrl },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, [], 'https://example.org/ctx', [CREDENTIALS_V2_URL, { foo: 'https://example.org/foo' }], {}) },
);

/** Random JSON-LD-ish objects over the bundled vocabularies: the fast path must refuse or agree. */
export const fuzzedDocument: fc.Arbitrary<Json> = fc
  .letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fuzzScalar,
      tie('node'),
      fc.array(fc.oneof(fuzzScalar, tie('node')), { maxLength: 3 }),
    ),
    node: fc.oneof(
      { weight: 4, arbitrary: fc.dictionary(fuzzKeys, tie('value'), { minKeys: 1, maxKeys: 5 }) },
      { weight: 1, arbitrary: fc.tuple(fuzzContext, fc.dictionary(fuzzKeys, tie('value'), { maxKeys: 4 })).map(([c, n]) => ({ ...n, '@context': c })) },
    ),
  }))
  .node.chain((node) => fuzzContext.map((context) => ({ ...(node as Json), '@context': context })));

function objectsIn(value: unknown, into: Json[] = []): Json[] {
  if (Array.isArray(value)) value.forEach((v) => objectsIn(v, into));
  else if (value !== null && typeof value === 'object') {
    into.push(value as Json);
    Object.values(value).forEach((v) => objectsIn(v, into));
  }
  return into;
}

const mutationValue = fc.oneof(
  fuzzScalar,
  fc.constantFrom<unknown>({}, [], [[]], { '@value': 'x' }, { '@value': 'x', '@language': 'en' }, { id: 'urn:uuid:1' }, { id: 'relative' }, { '@id': '_:b1' }, { type: 'Unknown' }, ['a', ['b']]),
  fc.dictionary(fuzzKeys, fuzzScalar, { minKeys: 1, maxKeys: 2 }),
);

interface Mutation {
  readonly at: number;
  readonly op: number;
  readonly key: string;
  readonly value: unknown;
}

/** Applies one edit to one object of `document` (chosen by index): set, delete, wrap, or replace a key, or edit a @context. */
function mutate(document: Json, { at, op, key, value: shared }: Mutation): void {
  // A fresh copy: constantFrom hands out the same object each time, which an edit could otherwise
  // insert into itself (a cycle) or change for later runs.
  const value = structuredClone(shared);
  const objects = objectsIn(document);
  const target = objects[at % objects.length] as Json;
  const keys = Object.keys(target);
  const existing = keys[at % Math.max(keys.length, 1)];
  switch (op % 8) {
    case 0: target[key] = value; break;
    case 1: if (existing !== undefined) delete target[existing]; break;
    case 2: if (existing !== undefined) target[existing] = [target[existing]]; break;
    case 3: if (existing !== undefined) target[existing] = value; break;
    case 4: target['@context'] = [...(Array.isArray(target['@context']) ? target['@context'] : []), value]; break;
    case 5: if (existing !== undefined) { target[key] = target[existing]; delete target[existing]; } break;
    case 6: target.id = value; break;
    default: target.type = value; break;
  }
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  op: fc.nat(),
  key: fuzzKeys,
  value: fc.oneof(mutationValue, anyContextUrl),
});

/** A RadCred document (credential, presentation, proof options) with one or two random edits. */
export const mutatedDocument: fc.Arbitrary<Json> = fc
  .tuple(fc.oneof(radcredCredential, statusListCredential, proofOptionsDocument, presentation), fc.array(mutation, { minLength: 1, maxLength: 2 }))
  .map(([document, mutations]) => {
    const copy = structuredClone(document);
    for (const m of mutations) mutate(copy, m);
    return copy;
  });

/** The fast path canonizes `document` (async and sync alike) to exactly the reference's N-Quads. */
export async function assertFastEqualsReference(
  fastCanonize: (d: unknown) => Promise<string | undefined>,
  fastCanonizeSync: (d: unknown) => string | undefined,
  document: Json,
): Promise<void> {
  const fast = await fastCanonize(document);
  if (fast === undefined) throw new Error(`the fast path refused a modelled document: ${JSON.stringify(document).slice(0, 300)}`);
  const reference = await referenceCanonize(document);
  if (fast !== reference) throw new Error(`N-Quads differ\n--- reference\n${reference}\n--- fast\n${fast}`);
  if (fastCanonizeSync(document) !== fast) throw new Error('the sync variant differs from the async one');
}
