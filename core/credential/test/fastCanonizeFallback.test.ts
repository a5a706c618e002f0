import test from 'ava';
import fc from 'fast-check';
import { CREDENTIALS_V2_URL, ED25519_2020_URL, RADCRED_CONTEXT_URL } from '../contexts.ts';
import { documentLoader } from '../documentLoader.ts';
import { canonizeRdfc, fastCanonize, fastCanonizeStats, warmFastCanonize } from '../fastCanonize.ts';
import { fuzzedDocument, mutatedDocument, referenceOutcome, type Json } from './fastCanonizeArbitraries.ts';
import { sampleCredential } from './fixtures/samples.ts';

/**
 * Documents outside the model: the fast path answers undefined (or, if it answers, exactly the
 * reference), and canonizeRdfc gives the reference's N-Quads or fails with the reference's error.
 */

test.before(async () => {
  await warmFastCanonize();
});

async function dropInOutcome(document: unknown): Promise<{ nquads: string } | { error: string }> {
  try {
    return { nquads: await canonizeRdfc(document, { documentLoader }) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** Checks the invariant on one document; returns whether the fast path answered. */
async function refusesOrAgrees(document: unknown): Promise<boolean> {
  const fast = await fastCanonize(document);
  const reference = await referenceOutcome(document);
  if (fast !== undefined) {
    if (!('nquads' in reference)) throw new Error(`the fast path accepted what the reference rejects (${reference.error})`);
    if (fast !== reference.nquads) throw new Error(`N-Quads differ\n--- reference\n${reference.nquads}\n--- fast\n${fast}`);
  }
  const dropIn = await dropInOutcome(document);
  if (JSON.stringify(dropIn) !== JSON.stringify(reference)) {
    throw new Error(`canonizeRdfc differs from the reference: ${JSON.stringify(dropIn).slice(0, 200)} vs ${JSON.stringify(reference).slice(0, 200)}`);
  }
  return fast !== undefined;
}

test('RadCred documents with random edits: the fast path refuses or equals the reference; canonizeRdfc equals the reference', async (t) => {
  let answered = 0;
  const runs = 400;
  await fc.assert(
    fc.asyncProperty(mutatedDocument, async (document) => {
      if (await refusesOrAgrees(document)) answered += 1;
    }),
    { numRuns: runs },
  );
  t.log(`the fast path answered ${answered} of ${runs} edited documents`);
  t.true(answered > runs / 10, 'edits that keep a document modelled are still taken by the fast path');
  t.true(answered < runs, 'edits that leave the model are refused');
});

test('random JSON-LD over the bundled vocabularies: the fast path refuses or equals the reference', async (t) => {
  await fc.assert(fc.asyncProperty(fuzzedDocument, async (document) => void (await refusesOrAgrees(document))), { numRuns: 300 });
  t.pass();
});

const base = (): Json => sampleCredential('MedicalLicenseCredential');
const withSubject = (edit: (subject: Json) => void): Json => {
  const credential = base();
  edit(credential.credentialSubject as Json);
  return credential;
};

const refused: ReadonlyArray<[string, unknown]> = [
  ['an undefined term (VC 2.0 @vocab would take it)', withSubject((s) => (s.favouriteColour = 'teal'))],
  ['an inline context object', { ...base(), '@context': [CREDENTIALS_V2_URL, { foo: 'https://example.org/foo' }, RADCRED_CONTEXT_URL] }],
  ['an unknown context URL', { ...base(), '@context': [CREDENTIALS_V2_URL, RADCRED_CONTEXT_URL, 'https://example.org/ctx'] }],
  ['a context given as an object', { ...base(), '@context': { '@vocab': 'https://example.org/' } }],
  ['a relative @id', { ...base(), id: 'credential-1' }],
  ['a blank node @id', { ...base(), id: '_:b0' }],
  ['a compact IRI as a key', withSubject((s) => (s['https://schema.org/name'] = 'x'))],
  ['a language-tagged value object', withSubject((s) => (s.name = { '@value': 'Ana', '@language': 'es' }))],
  ['a value object', withSubject((s) => (s.name = { '@value': 'Ana' }))],
  ['a null value', withSubject((s) => (s.name = null))],
  ['an array inside an array', withSubject((s) => (s.restrictions = [['a']]))],
  ['an empty object', withSubject((s) => (s.name = {}))],
  ['an @reverse key', withSubject((s) => (s['@reverse'] = { 'https://schema.org/knows': { id: 'urn:x:1' } }))],
  ['a @graph key', { ...base(), '@graph': [] }],
  ['a keyword-like key', withSubject((s) => (s['@foo'] = 'x'))],
  ['a number where an IRI is expected', { ...base(), issuer: 42 }],
  ['a proof that is only a reference', { ...base(), proof: 'urn:uuid:1' }],
  ['an undefined type', { ...base(), type: ['VerifiableCredential', 'NotARadCredType'] }],
  ['a top-level array', [base()]],
  ['a string document (a URL to fetch)', 'https://example.org/credential.json'],
  ['null', null],
  ['a document with only @context', { '@context': [CREDENTIALS_V2_URL] }],
  ['a top-level node with only an id', { '@context': [CREDENTIALS_V2_URL], id: 'urn:uuid:1' }],
  ['a JSON literal term', { '@context': [CREDENTIALS_V2_URL], type: 'JsonSchema', jsonSchema: { a: 1 } }],
  ['RadCred terms without the RadCred context', { ...base(), '@context': [CREDENTIALS_V2_URL, ED25519_2020_URL] }],
];

for (const [name, document] of refused) {
  test.serial(`refused: ${name} — fastCanonize is undefined, canonizeRdfc gives the reference outcome`, async (t) => {
    const before = fastCanonizeStats();
    t.is(await fastCanonize(document), undefined);
    t.is(fastCanonizeStats().fallback, before.fallback + 1);
    t.deepEqual(await dropInOutcome(document), await referenceOutcome(document));
  });
}
