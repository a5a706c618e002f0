import test from 'ava';
import * as vc from '@digitalbazaar/vc';
import { BitstringStatusList, createCredential } from '@digitalbazaar/vc-bitstring-status-list';
import { ed25519Signature2020SigningSuite, eddsaRdfc2022SigningSuite } from '../../crypto/suites.ts';
import { bundledContexts, CREDENTIALS_V2_URL, ED25519_2020_URL, RADCRED_CONTEXT_URL } from '../contexts.ts';
import { documentLoader, type DocumentLoader } from '../documentLoader.ts';
import { canonizeRdfc, fastCanonize, fastCanonizeStats, fastCanonizeSync, fastCanonizeWith, resetFastCanonizeStats } from '../fastCanonize.ts';
import { radcredTypeNames } from '../registry.ts';
import { referenceCanonize, type Json } from './fastCanonizeArbitraries.ts';
import { holderKey, issuerKey, sampleCredential } from './fixtures/samples.ts';

/**
 * Real documents signed by the real suites (Ed25519Signature2020, eddsa-rdfc-2022), the three
 * inputs a suite canonizes for each — the document with its proof (embedded in a presentation),
 * without it (what is signed), and the proof options — and the drop-in's loader check.
 */

const withContext = (context: readonly string[], credential: Json): Json => ({ ...credential, '@context': [...context] });

async function signedCredential(type: (typeof radcredTypeNames)[number], suite: 'ed25519' | 'eddsa'): Promise<Json> {
  const credential = withContext([CREDENTIALS_V2_URL, RADCRED_CONTEXT_URL, ED25519_2020_URL], sampleCredential(type));
  credential.credentialStatus = [
    {
      id: 'https://issuer.example/status/0b1c#4096',
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: '4096',
      statusListCredential: 'https://issuer.example/status/0b1c',
    },
  ];
  const signingSuite = suite === 'ed25519' ? ed25519Signature2020SigningSuite(issuerKey) : eddsaRdfc2022SigningSuite(issuerKey);
  return vc.issue({ credential, suite: signingSuite, documentLoader });
}

async function signedStatusList(): Promise<Json> {
  const unsigned = await createCredential({
    id: 'https://issuer.example/status/0b1c',
    list: new BitstringStatusList({ length: 131_072 }),
    statusPurpose: 'suspension',
  });
  const credential = {
    ...unsigned,
    '@context': [...(unsigned['@context'] as string[]), ED25519_2020_URL],
    issuer: issuerKey.did,
    validFrom: '2025-01-01T00:00:00Z',
  };
  return vc.issue({ credential, suite: ed25519Signature2020SigningSuite(issuerKey), documentLoader });
}

async function signedPresentation(credentials: Json[]): Promise<Json> {
  const presentation: Json = {
    '@context': [CREDENTIALS_V2_URL, ED25519_2020_URL],
    type: ['VerifiablePresentation'],
    holder: holderKey.did,
    ...(credentials.length === 0 ? {} : { verifiableCredential: credentials }),
  };
  return vc.signPresentation({
    presentation,
    suite: ed25519Signature2020SigningSuite(holderKey),
    documentLoader,
    challenge: 'c0ffee-"challenge"\n',
    domain: 'https://hospital.example',
  });
}

/** The three documents a suite canonizes for a signed document. */
function canonizedInputs(signed: Json): Record<string, Json> {
  const { proof, ...unsigned } = signed;
  const { proofValue: _v, ...options } = proof as Json;
  return { 'with proof': signed, 'without proof': unsigned, 'proof options': { '@context': signed['@context'], ...options } };
}

async function assertAllEqual(t: import('ava').ExecutionContext, signed: Json): Promise<void> {
  for (const [name, document] of Object.entries(canonizedInputs(signed))) {
    const fast = await fastCanonize(document);
    t.is(typeof fast, 'string', `${name}: taken by the fast path`);
    t.is(fast, await referenceCanonize(document), `${name}: same N-Quads as the reference`);
    t.is(fastCanonizeSync(document), fast, `${name}: sync variant agrees`);
  }
}

for (const type of radcredTypeNames) {
  for (const suite of ['ed25519', 'eddsa'] as const) {
    test(`${type} signed with ${suite === 'ed25519' ? 'Ed25519Signature2020' : 'eddsa-rdfc-2022'}: all canonized inputs equal the reference`, async (t) => {
      await assertAllEqual(t, await signedCredential(type, suite));
    });
  }
}

for (const version of [1, 2] as const) {
  test(`the VC ${version}.x samples equal the reference`, async (t) => {
    for (const type of radcredTypeNames) {
      const credential = sampleCredential(type, version);
      t.is(await fastCanonize(credential), await referenceCanonize(credential), type);
    }
  });
}

test('a signed BitstringStatusListCredential (as the issuer makes it) equals the reference', async (t) => {
  await assertAllEqual(t, await signedStatusList());
});

for (const count of [0, 1, 5]) {
  test(`a signed presentation of ${count} signed credential(s) equals the reference`, async (t) => {
    const credentials = await Promise.all(
      Array.from({ length: count }, (_, i) => signedCredential(radcredTypeNames[i % radcredTypeNames.length] as (typeof radcredTypeNames)[number], i % 2 === 0 ? 'ed25519' : 'eddsa')),
    );
    await assertAllEqual(t, await signedPresentation(credentials));
  });
}

test.serial('canonizeRdfc takes the fast path with the offline loader or a loader wrapping it, and counts it', async (t) => {
  const signed = await signedCredential('CMECreditCredential', 'ed25519');
  const wrapping: DocumentLoader = (url) => documentLoader(url);
  const copying: DocumentLoader = async (url) => ({ ...(await documentLoader(url)), document: structuredClone(bundledContexts.get(url)) });
  const reference = await referenceCanonize(signed);
  for (const loader of [documentLoader, wrapping, copying]) {
    const before = fastCanonizeStats();
    t.is(await canonizeRdfc(signed, { documentLoader: loader }), reference);
    t.deepEqual(fastCanonizeStats(), { fast: before.fast + 1, fallback: before.fallback });
  }
});

test.serial('fastCanonizeWith refuses and canonizeRdfc falls back when the loader serves another document for a bundled URL', async (t) => {
  const credential = sampleCredential('MedicalLicenseCredential');
  const other = structuredClone(bundledContexts.get(RADCRED_CONTEXT_URL)) as { '@context': Json };
  other['@context'].npi = 'https://example.org/not-npi';
  const divergent: DocumentLoader = async (url) =>
    url === RADCRED_CONTEXT_URL ? { contextUrl: null, documentUrl: url, document: other } : documentLoader(url);
  t.is(await fastCanonizeWith(credential, divergent), undefined);
  t.is(await fastCanonizeWith(credential, documentLoader), await referenceCanonize(credential));
  const before = fastCanonizeStats();
  const result = await canonizeRdfc(credential, { documentLoader: divergent });
  t.deepEqual(fastCanonizeStats(), { fast: before.fast, fallback: before.fallback + 1 });
  // jsonld.js caches 'static' contexts process-wide, so the reference may still read the bundled one;
  // either way the drop-in's answer is the reference's with this loader.
  t.is(result, await jsonldReferenceWith(credential, divergent));
});

async function jsonldReferenceWith(document: unknown, loader: DocumentLoader): Promise<string> {
  const { default: jsonld } = await import('jsonld');
  return jsonld.canonize(document, { algorithm: 'RDFC-1.0', base: null, format: 'application/n-quads', documentLoader: loader, safe: true });
}

test('odd inputs never throw from the fast path: cycles, throwing getters, class instances', async (t) => {
  const cyclic: Json = sampleCredential('BoardCertificationCredential');
  (cyclic.credentialSubject as Json).board = cyclic;
  const throwing = sampleCredential('BoardCertificationCredential');
  Object.defineProperty(throwing, 'name', { enumerable: true, get: () => { throw new Error('boom'); } });
  const dated = { ...sampleCredential('BoardCertificationCredential'), validFrom: new Date('2025-01-01T00:00:00Z') };
  const boxed = { ...sampleCredential('CMECreditCredential'), credentialSubject: { credits: Object(12.5) as unknown } };
  for (const document of [cyclic, throwing, dated, boxed, undefined, 42, Symbol('x')]) {
    t.is(await fastCanonize(document), undefined);
    t.is(fastCanonizeSync(document), undefined);
  }
});

test.serial('fastCanonizeStats counts fast and fallback calls; resetFastCanonizeStats zeroes them', async (t) => {
  resetFastCanonizeStats();
  await fastCanonize(sampleCredential('MedicalLicenseCredential'));
  await fastCanonize({ '@context': [CREDENTIALS_V2_URL], unknownTerm: 1 });
  const stats = fastCanonizeStats();
  t.true(stats.fast >= 1 && stats.fallback >= 1);
});
