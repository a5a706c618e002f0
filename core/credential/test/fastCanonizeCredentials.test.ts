import test from 'ava';
import fc from 'fast-check';
import { fastCanonize, fastCanonizeSync, warmFastCanonize } from '../fastCanonize.ts';
import {
  assertFastEqualsReference,
  proofOptionsDocument,
  radcredCredential,
  statusListCredential,
  type Json,
} from './fastCanonizeArbitraries.ts';

/**
 * Byte-for-byte equality of the fast path with jsonld.canonize (RDFC-1.0, safe, base null, the
 * offline loader) on generated credentials, status list credentials and proof-options documents.
 */

test.before(async () => {
  await warmFastCanonize();
});

const equalsReference = (document: Json) => assertFastEqualsReference(fastCanonize, fastCanonizeSync, document);

test('RadCred credentials (random values, optional fields, subject arrays, status entries, proofs) equal the reference', async (t) => {
  await fc.assert(fc.asyncProperty(radcredCredential, equalsReference), { numRuns: 250 });
  t.pass();
});

test('a credential without its proof (what a suite signs) equals the reference', async (t) => {
  await fc.assert(
    fc.asyncProperty(radcredCredential, async (credential) => {
      const { proof: _proof, ...unsigned } = credential;
      await equalsReference(unsigned);
    }),
    { numRuns: 150 },
  );
  t.pass();
});

test('BitstringStatusListCredentials equal the reference', async (t) => {
  await fc.assert(fc.asyncProperty(statusListCredential, equalsReference), { numRuns: 150 });
  t.pass();
});

test('proof-options documents (canonizeProof input, challenge/domain/nonce) equal the reference', async (t) => {
  await fc.assert(fc.asyncProperty(proofOptionsDocument, equalsReference), { numRuns: 250 });
  t.pass();
});
