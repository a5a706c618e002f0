import test from 'ava';
import jsonld from 'jsonld';
import ContextResolver from 'jsonld/lib/ContextResolver.js';
import { CREDENTIALS_V2_URL, ED25519_2020_URL, RADCRED_CONTEXT_URL } from '../contexts.ts';
import { documentLoader, type DocumentLoader } from '../documentLoader.ts';
import { canonizeRdfc, fastCanonize, warmFastCanonize } from '../fastCanonize.ts';
import { referenceCanonize as productionReference } from '../fastCanonize/referenceCanonize.ts';
import { referenceCanonize as oracle, type Json } from './fastCanonizeArbitraries.ts';
import { sampleCredential } from './fixtures/samples.ts';

/**
 * No document's canonicalisation depends on the documents canonicalised before it. jsonld.js 9
 * stores, with each processed context it caches, the events array of the whole `process()` call,
 * so a warning raised by a later context of one call is replayed (an error in safe mode) whenever a
 * later document hits an earlier context's cache entry. Found by the random-edit property test
 * (seed 1827320270) when the fuzzed documents it ran beside had poisoned jsonld.js's shared cache.
 */

const contexts = [CREDENTIALS_V2_URL, RADCRED_CONTEXT_URL, ED25519_2020_URL];
const wellFormed = (): Json => ({ ...sampleCredential('MedicalLicenseCredential'), '@context': contexts });
/** Its last context raises "invalid @language value" after the bundled ones were processed in the same call. */
const poisoning = (): Json => ({ ...sampleCredential('MedicalLicenseCredential'), '@context': [...contexts, { '@language': 'not a language tag' }] });
/** The same, as a context embedded in a node. */
const nestedPoisoning = (): Json => {
  const credential = wellFormed();
  credential.credentialSubject = { ...(credential.credentialSubject as Json), '@context': [...contexts, { '@language': 'not a language tag' }] };
  return credential;
};
const options = { algorithm: 'RDFC-1.0', base: null, format: 'application/n-quads', documentLoader, safe: true } as const;

async function outcome(work: Promise<string>): Promise<string> {
  try {
    return await work;
  } catch (error) {
    return `error: ${error instanceof Error ? error.message : String(error)}`;
  }
}

test('jsonld.js 9 with one shared cache: a rejected document makes the next, well-formed one fail (if this fails, upstream fixed it)', async (t) => {
  const sharedCache = new Map<string, unknown>();
  const shared = { ...options, contextResolver: new ContextResolver({ sharedCache }) } as Parameters<typeof jsonld.canonize>[1];
  t.regex(await outcome(jsonld.canonize(poisoning(), shared)), /^error: Safe mode validation error/);
  t.regex(await outcome(jsonld.canonize(wellFormed(), shared)), /^error: Safe mode validation error/, 'the warning of the first document replayed into the second');
});

test('RadCred canonicalisations answer the same before and after documents that poison a shared cache', async (t) => {
  await warmFastCanonize();
  const expected = await oracle(wellFormed());
  t.false(expected.startsWith('error'));
  // A loader that is not the bundled one: canonizeRdfc must then take the reference path.
  const otherLoader: DocumentLoader = (url) => documentLoader(url);
  const paths: Array<[string, (document: Json) => Promise<string | undefined>]> = [
    ['fastCanonize', (document) => fastCanonize(document)],
    ['canonizeRdfc, fast path', (document) => canonizeRdfc(document, { documentLoader })],
    ['canonizeRdfc, reference path', (document) => canonizeRdfc(document, { documentLoader: otherLoader })],
    ['the reference', (document) => productionReference(document, documentLoader)],
  ];
  for (const [name, canonize] of paths) {
    for (const bad of [poisoning(), nestedPoisoning()]) {
      const refused = await outcome(canonize(bad).then((nquads) => nquads ?? 'refused'));
      t.true(refused === 'refused' || refused.startsWith('error: Safe mode validation error'), `${name} refuses the poisoning document: ${refused.slice(0, 80)}`);
    }
    t.is(await canonize(wellFormed()), expected, `${name} after the poisoning documents`);
  }
});
