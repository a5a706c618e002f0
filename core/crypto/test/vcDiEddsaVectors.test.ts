import test from 'ava';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { readFileSync } from 'node:fs';
import { createDocumentLoader, documentLoader as productionLoader } from '../../credential/documentLoader.ts';
import { findCodedCause } from '../../credential/errors.ts';
import { importDidKeyJson } from '../didKey.ts';
import { ed25519Signature2020SigningSuite, eddsaRdfc2022SigningSuite, verificationSuites } from '../suites.ts';

/**
 * The W3C vc-di-eddsa test vectors (shared/vectors/vc-di-eddsa). They use the VC examples context,
 * which production never loads: this test's loader adds that one context from a fixture file.
 */
type Json = Record<string, unknown>;
const vectorDir = new URL('../../../../shared/vectors/vc-di-eddsa/', import.meta.url);
const readVector = (name: string) => JSON.parse(readFileSync(new URL(name, vectorDir), 'utf8')) as Json;

const EXAMPLES_CONTEXT_URL = 'https://www.w3.org/ns/credentials/examples/v2';
const examplesContext = JSON.parse(readFileSync(new URL('fixtures/credentials-examples-v2.json', import.meta.url), 'utf8')) as unknown;
const documentLoader = createDocumentLoader({ extraDocuments: new Map([[EXAMPLES_CONTEXT_URL, examplesContext]]) });

const unsigned = readVector('unsigned.json');
const keyPair = importDidKeyJson(readVector('keyPair.json'));
const signedEd25519 = readVector('Ed25519Signature2020_signedEdSig.json');
const signedDataIntegrity = readVector('eddsa-rdfc-2022_signedDataInt.json');
const ed25519Config = readVector('Ed25519Signature2020_proofConfigEdSig.json');
const dataIntegrityConfig = readVector('eddsa-rdfc-2022_proofConfigDataInt.json');

// The vectors' issuer is an https URL that uses the did:key; the stock issuance purpose requires the
// key's controller to be the issuer, so we hand it the (test) controller document stating that.
const issuerController = {
  id: 'https://vc.example/issuers/5678',
  assertionMethod: [keyPair.keyId],
};

test('the vector key pair is the key the vectors name', (t) => {
  t.is<unknown, unknown>(keyPair.keyId, (signedEd25519.proof as Json).verificationMethod);
});

test('re-signing unsigned.json with Ed25519Signature2020 reproduces the vector byte for byte', async (t) => {
  const suite = ed25519Signature2020SigningSuite(keyPair, { date: ed25519Config.created as string });
  const signed = await vc.issue({ credential: structuredClone(unsigned), suite, documentLoader });
  t.is((signed.proof as Json).proofValue, (signedEd25519.proof as Json).proofValue);
  t.deepEqual(signed, signedEd25519);
});

test('re-signing unsigned.json with eddsa-rdfc-2022 reproduces the vector byte for byte', async (t) => {
  const suite = eddsaRdfc2022SigningSuite(keyPair, { date: dataIntegrityConfig.created as string });
  const signed = await vc.issue({ credential: structuredClone(unsigned), suite, documentLoader });
  t.is((signed.proof as Json).proofValue, (signedDataIntegrity.proof as Json).proofValue);
  t.deepEqual(signed, signedDataIntegrity);
});

for (const [name, vector] of [
  ['Ed25519Signature2020', signedEd25519],
  ['eddsa-rdfc-2022', signedDataIntegrity],
] as const) {
  test(`the signed ${name} vector verifies with the stock vc verifier, our suites and the offline loader`, async (t) => {
    const result = await vc.verifyCredential({
      credential: structuredClone(vector),
      suite: verificationSuites(),
      documentLoader,
      controller: issuerController,
    });
    t.true(result.verified, String(result.error));
    t.is(result.results?.[0]?.verificationMethod?.id, keyPair.keyId);
  });

  test(`the signed ${name} vector verifies with the stock suites too`, async (t) => {
    const result = await vc.verifyCredential({
      credential: structuredClone(vector),
      suite: [new Ed25519Signature2020(), new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 })],
      documentLoader,
      controller: issuerController,
    });
    t.true(result.verified, String(result.error));
  });

  test(`a tampered ${name} vector does not verify`, async (t) => {
    const tampered = structuredClone(vector);
    (tampered.credentialSubject as Json).alumniOf = 'The School of Forgeries';
    const result = await vc.verifyCredential({ credential: tampered, suite: verificationSuites(), documentLoader, controller: issuerController });
    t.false(result.verified);
  });

  test(`the ${name} vector is refused by the production loader, which lacks the examples context`, async (t) => {
    const result = await vc.verifyCredential({
      credential: structuredClone(vector),
      suite: verificationSuites(),
      documentLoader: productionLoader,
      controller: issuerController,
    });
    t.false(result.verified);
    const cause = findCodedCause(result.error, 'credential.');
    t.is(cause?.code, 'credential.context.unknown');
    t.regex(cause?.message ?? '', /https:\/\/www\.w3\.org\/ns\/credentials\/examples\/v2/);
  });
}

test('without the controller document, the stock issuance purpose rejects the vector (issuer is not the key controller)', async (t) => {
  const result = await vc.verifyCredential({ credential: structuredClone(signedEd25519), suite: verificationSuites(), documentLoader });
  t.false(result.verified);
  t.regex(String((result.results?.[0]?.error as Error | undefined)?.message ?? result.error), /issuer must match the verification method controller/);
});
