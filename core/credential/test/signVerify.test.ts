import test from 'ava';
import * as vc from '@digitalbazaar/vc';
import { driver as didKeyDriver } from '@digitalbazaar/did-method-key';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { Ed25519VerificationKey2020 } from '@digitalbazaar/ed25519-verification-key-2020';
import { ed25519Signature2020SigningSuite, eddsaRdfc2022SigningSuite, verificationSuites } from '../../crypto/suites.ts';
import { resolveDidKey } from '../didKeyDocument.ts';
import { documentLoader } from '../documentLoader.ts';
import { radcredTypeNames } from '../registry.ts';
import { holderKey, issuerKey, sampleCredential } from './fixtures/samples.ts';

type Json = Record<string, unknown>;

for (const version of [2, 1] as const) {
  for (const type of radcredTypeNames) {
    test(`VC ${version}.x ${type}: signed with Ed25519Signature2020, verified by the stock verifier offline`, async (t) => {
      const suite = ed25519Signature2020SigningSuite(issuerKey);
      const signed = await vc.issue({ credential: sampleCredential(type, version), suite, documentLoader });
      const proof = signed.proof as Json;
      t.is(proof.type, 'Ed25519Signature2020');
      t.is(proof.verificationMethod, issuerKey.keyId);
      t.true((signed['@context'] as string[]).includes('https://w3id.org/security/suites/ed25519-2020/v1'));

      const result = await vc.verifyCredential({ credential: signed, suite: verificationSuites(), documentLoader });
      t.true(result.verified, String(result.error));

      const forged = structuredClone(signed);
      (forged.credentialSubject as Json).npi = '1245319599';
      const forgedResult = await vc.verifyCredential({ credential: forged, suite: verificationSuites(), documentLoader });
      t.false(forgedResult.verified);
    });
  }
}

test('DataIntegrityProof / eddsa-rdfc-2022 credentials sign and verify with the same loader', async (t) => {
  const signed = await vc.issue({
    credential: sampleCredential('BoardCertificationCredential'),
    suite: eddsaRdfc2022SigningSuite(issuerKey),
    documentLoader,
  });
  t.like(signed.proof, { type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' });
  const result = await vc.verifyCredential({ credential: signed, suite: verificationSuites(), documentLoader });
  t.true(result.verified, String(result.error));
});

test('a credential signed by a key that is not the issuer\'s is rejected', async (t) => {
  const signed = await vc.issue({
    credential: { ...sampleCredential('CMECreditCredential'), issuer: holderKey.did },
    suite: ed25519Signature2020SigningSuite(issuerKey),
    documentLoader,
  });
  const result = await vc.verifyCredential({ credential: signed, suite: verificationSuites(), documentLoader });
  t.false(result.verified);
});

test('a signed presentation (authentication purpose, challenge) verifies with the offline loader', async (t) => {
  const credential = await vc.issue({
    credential: sampleCredential('MedicalLicenseCredential'),
    suite: ed25519Signature2020SigningSuite(issuerKey),
    documentLoader,
  });
  const presentation = vc.createPresentation({ verifiableCredential: credential, holder: holderKey.did });
  const signedVp = await vc.signPresentation({
    presentation,
    suite: ed25519Signature2020SigningSuite(holderKey),
    challenge: 'c-123',
    domain: 'hospital.example',
    documentLoader,
  });
  const result = await vc.verify({
    presentation: signedVp,
    suite: verificationSuites(),
    challenge: 'c-123',
    domain: 'hospital.example',
    documentLoader,
  });
  t.true(result.verified, String(result.error));
  const wrongChallenge = await vc.verify({ presentation: signedVp, suite: verificationSuites(), challenge: 'other', domain: 'hospital.example', documentLoader });
  t.false(wrongChallenge.verified);
});

test('our did:key document matches the @digitalbazaar/did-method-key driver for the signing key', async (t) => {
  const driver = didKeyDriver();
  driver.use({ multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519VerificationKey2020.from });
  const theirs = (await driver.get({ did: issuerKey.did })) as Json;
  const ours = resolveDidKey(issuerKey.did).didDocument;
  t.deepEqual(ours.verificationMethod, theirs.verificationMethod);
  for (const relation of ['authentication', 'assertionMethod', 'capabilityDelegation', 'capabilityInvocation'] as const) {
    t.deepEqual(ours[relation], theirs[relation]);
  }
  t.deepEqual(ours['@context'], (theirs['@context'] as string[]).slice(0, 2));
  const theirMethod = (await driver.get({ url: issuerKey.keyId })) as Json;
  t.deepEqual(resolveDidKey(issuerKey.keyId).verificationMethod, theirMethod);
  // And the Multikey library (what eddsa-rdfc-2022 uses) reads it as the same key.
  const multikey = await Ed25519Multikey.from(resolveDidKey(issuerKey.keyId).verificationMethod);
  t.is(multikey.publicKeyMultibase, issuerKey.publicKeyMultibase);
});
