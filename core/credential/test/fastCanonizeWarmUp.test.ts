import test from 'ava';
import * as vc from '@digitalbazaar/vc';
import { ed25519Signature2020SigningSuite, eddsaRdfc2022SigningSuite } from '../../crypto/suites.ts';
import { CREDENTIALS_V2_URL, ED25519_2020_URL, RADCRED_CONTEXT_URL } from '../contexts.ts';
import { documentLoader } from '../documentLoader.ts';
import { fastCanonizeSync, warmFastCanonize } from '../fastCanonize.ts';
import { processedContextCount } from '../fastCanonize/scopedContext.ts';
import { radcredTypeNames } from '../registry.ts';
import { referenceCanonize, type Json } from './fastCanonizeArbitraries.ts';
import { holderKey, issuerKey, sampleCredential } from './fixtures/samples.ts';

/**
 * After `warmFastCanonize`, RadCred's real documents find every context they need already
 * processed: the synchronous variant answers on the very first call and no context is processed.
 * (One test in its own file: the context counter is process-wide.)
 */

test('after warm-up, first calls on real signed documents process no context and need no await', async (t) => {
  const warm = await warmFastCanonize();
  t.is(warm.refused, 0, 'every warm-up document is modelled');
  t.true(warm.canonized > 0);

  const credentials: Json[] = [];
  for (const type of radcredTypeNames) {
    const credential = { ...sampleCredential(type), '@context': [CREDENTIALS_V2_URL, RADCRED_CONTEXT_URL, ED25519_2020_URL] };
    // vc.issue adds the proof to the object it is given: sign separate copies.
    credentials.push(await vc.issue({ credential: structuredClone(credential), suite: ed25519Signature2020SigningSuite(issuerKey), documentLoader }));
    credentials.push(await vc.issue({ credential: structuredClone(credential), suite: eddsaRdfc2022SigningSuite(issuerKey), documentLoader }));
  }
  const presentation = await vc.signPresentation({
    presentation: { '@context': [CREDENTIALS_V2_URL, ED25519_2020_URL], type: ['VerifiablePresentation'], holder: holderKey.did, verifiableCredential: credentials },
    suite: ed25519Signature2020SigningSuite(holderKey),
    documentLoader,
    challenge: 'challenge',
    domain: 'verifier.example',
  });

  const documents: Json[] = [];
  for (const signed of [...credentials, presentation]) {
    const { proof, ...unsigned } = signed;
    const { proofValue: _v, ...options } = proof as Json;
    documents.push(signed, unsigned, { '@context': signed['@context'], ...options });
  }

  const processedBefore = processedContextCount();
  const results = documents.map((document) => fastCanonizeSync(document));
  t.is(processedContextCount(), processedBefore, 'no context was processed');
  for (const [i, document] of documents.entries()) {
    t.is(results[i], await referenceCanonize(document));
  }
});
