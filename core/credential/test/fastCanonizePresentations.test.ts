import test from 'ava';
import fc from 'fast-check';
import { fastCanonize, fastCanonizeSync, warmFastCanonize } from '../fastCanonize.ts';
import { assertFastEqualsReference, presentation, type Json } from './fastCanonizeArbitraries.ts';

/**
 * Presentations: embedded credentials are @graph-container values (each in its own named graph,
 * with its proof in a nested one) under VC 2.0's `verifiableCredential: {"@context": null}`.
 */

test.before(async () => {
  await warmFastCanonize();
});

const equalsReference = (document: Json) => assertFastEqualsReference(fastCanonize, fastCanonizeSync, document);

test('presentations with 0–5 embedded signed credentials equal the reference', async (t) => {
  await fc.assert(fc.asyncProperty(presentation, equalsReference), { numRuns: 100 });
  t.pass();
});

test('a presentation without its proof (what the holder signs) equals the reference', async (t) => {
  await fc.assert(
    fc.asyncProperty(presentation, async (document) => {
      const { proof: _proof, ...unsigned } = document;
      await equalsReference(unsigned);
    }),
    { numRuns: 40 },
  );
  t.pass();
});
