import test from 'ava';
import jsonld from 'jsonld';
import { documentLoader } from '../documentLoader.ts';
import { radcredTypeNames, type RadCredTypeName } from '../registry.ts';
import { sampleCredential, sampleSubjects } from './fixtures/samples.ts';

/**
 * Each sample expands and canonizes the way @digitalbazaar/vc signs (RDFC-1.0, `safe: true`,
 * base null), with nothing dropped and nothing falling through to the VC 2.0 context's
 * issuer-dependent `@vocab` (which `safe` mode would not catch).
 */
type Json = Record<string, unknown>;
const ISSUER_DEPENDENT = 'https://www.w3.org/ns/credentials/issuer-dependent#';
const ALLOWED_SUBJECT_PREDICATES = /^(https:\/\/w3id\.org\/radcred#[A-Za-z]+|https:\/\/schema\.org\/name)$/;

const canonize = (doc: unknown) =>
  jsonld.canonize(doc, { documentLoader, safe: true, base: null, algorithm: 'RDFC-1.0', format: 'application/n-quads' });

function allKeys(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => allKeys(v, into));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      into.add(k);
      allKeys(v, into);
    }
  }
  return into;
}

for (const version of [2, 1] as const) {
  for (const type of radcredTypeNames) {
    test(`VC ${version}.x ${type}: every subject field expands to a RadCred term and canonizes in safe mode`, async (t) => {
      const credential = sampleCredential(type, version);
      const expanded = await jsonld.expand(credential, { documentLoader, safe: true });
      t.is(expanded.length, 1);
      const keys = allKeys(expanded);
      t.false([...keys].some((k) => k.startsWith(ISSUER_DEPENDENT)), 'no term fell through to the issuer-dependent vocabulary');

      const subjectKey = 'https://www.w3.org/2018/credentials#credentialSubject';
      const subject = ((expanded[0] as Json)[subjectKey] as Json[])[0] as Json;
      const predicates = Object.keys(subject).filter((k) => !k.startsWith('@'));
      for (const p of predicates) t.regex(p, ALLOWED_SUBJECT_PREDICATES);
      // Every subject field except `id` survives expansion as a predicate (an empty @set stays `[]`).
      const expected = Object.keys(sampleSubjects[type as RadCredTypeName]).filter((k) => k !== 'id').length;
      t.is(predicates.length, expected);

      const nquads = await canonize(credential);
      t.false(nquads.includes(ISSUER_DEPENDENT));
      t.regex(nquads, new RegExp(`<https://w3id.org/radcred#${type}>`));
    });
  }
}

test('datatypes: dates are xsd:date, the compact flag xsd:boolean, credits xsd:decimal', async (t) => {
  const license = await canonize(sampleCredential('MedicalLicenseCredential'));
  t.regex(license, /<https:\/\/w3id\.org\/radcred#expiresOn> "2027-06-30"\^\^<http:\/\/www\.w3\.org\/2001\/XMLSchema#date>/);
  t.regex(license, /<https:\/\/w3id\.org\/radcred#interstateCompact> "false"\^\^<http:\/\/www\.w3\.org\/2001\/XMLSchema#boolean>/);
  const cme = await canonize(sampleCredential('CMECreditCredential'));
  // JSON-LD writes non-integer JSON numbers in canonical double form even under an xsd:decimal coercion.
  t.regex(cme, /<https:\/\/w3id\.org\/radcred#credits> "1\.25E1"\^\^<http:\/\/www\.w3\.org\/2001\/XMLSchema#decimal>/);
  t.regex(cme, /<https:\/\/w3id\.org\/radcred#mqsaHours> "6"\^\^<http:\/\/www\.w3\.org\/2001\/XMLSchema#decimal>/);
});

test('an empty restrictions set signs no triple: [] and an absent field canonize the same', async (t) => {
  // So a verifier must treat a missing `restrictions` as unknown, never as "unrestricted".
  const withEmpty = sampleCredential('MedicalLicenseCredential');
  const without = sampleCredential('MedicalLicenseCredential');
  delete (without.credentialSubject as Json).restrictions;
  t.is(await canonize(withEmpty), await canonize(without));
});

test('restrictions and subspecialties are sets: order does not change the canonical form', async (t) => {
  const a = sampleCredential('MedicalLicenseCredential');
  (a.credentialSubject as Json).restrictions = ['No fluoroscopy', 'Supervised practice'];
  const b = sampleCredential('MedicalLicenseCredential');
  (b.credentialSubject as Json).restrictions = ['Supervised practice', 'No fluoroscopy'];
  t.is(await canonize(a), await canonize(b));
});

test('a field the context does not define is an error in safe mode (VC 1.1 has no catch-all)', async (t) => {
  const credential = sampleCredential('MedicalLicenseCredential', 1);
  (credential.credentialSubject as Json).favouriteColour = 'teal';
  const error = await t.throwsAsync(canonize(credential));
  t.regex(String(error?.message), /safe mode|dropped/i);
});

test('the canonical form of the sample license is pinned (a context edit that changes meaning breaks this)', async (t) => {
  const nquads = await canonize(sampleCredential('MedicalLicenseCredential'));
  const s = '<did:key:z6MkwVDfCg9LbbY6xjH3EZk8YSFQZujV5Y4y1ZWeER9tDiN3>';
  const xsd = 'http://www.w3.org/2001/XMLSchema#';
  const r = 'https://w3id.org/radcred#';
  t.deepEqual(
    nquads.split('\n').filter((l) => l.includes('radcred#') || l.includes('schema.org')),
    [
      `${s} <https://schema.org/name> "Dr. Ana Rivera" .`,
      `${s} <${r}expiresOn> "2027-06-30"^^<${xsd}date> .`,
      `${s} <${r}interstateCompact> "false"^^<${xsd}boolean> .`,
      `${s} <${r}issuedOn> "2019-07-01"^^<${xsd}date> .`,
      `${s} <${r}jurisdiction> "US-NY" .`,
      `${s} <${r}licenseNumber> "298311" .`,
      `${s} <${r}licenseStatus> "active" .`,
      `${s} <${r}licenseType> "MD" .`,
      `${s} <${r}npi> "1234567893" .`,
      `<urn:uuid:3f1d6c2e-7a8b-4c9d-9e0f-1a2b3c4d5e6f> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <${r}MedicalLicenseCredential> .`,
    ],
  );
});
