import test from 'ava';
import jsonld from 'jsonld';
import {
  BITSTRING_STATUS_LIST_URL,
  bundledContexts,
  CREDENTIALS_V1_URL,
  CREDENTIALS_V2_URL,
  DATA_INTEGRITY_V2_URL,
  DID_V1_URL,
  ED25519_2020_URL,
  RADCRED_CONTEXT_URL,
  radcredContext,
} from '../contexts.ts';
import { documentLoader } from '../documentLoader.ts';
import { radcredTypeNames, credentialTypes } from '../registry.ts';

type Json = Record<string, unknown>;
const RADCRED = 'https://w3id.org/radcred#';
const definitions = radcredContext['@context'] as Json;

test('every context the brief names is bundled, and the RadCred one is the exported object', (t) => {
  for (const url of [CREDENTIALS_V1_URL, CREDENTIALS_V2_URL, ED25519_2020_URL, DATA_INTEGRITY_V2_URL, BITSTRING_STATUS_LIST_URL, DID_V1_URL, RADCRED_CONTEXT_URL]) {
    t.truthy(bundledContexts.get(url), url);
    t.truthy((bundledContexts.get(url) as Json)['@context'], url);
  }
  t.is(bundledContexts.get(RADCRED_CONTEXT_URL), radcredContext);
});

test('bundled contexts are frozen: nobody can change what the next verification sees', (t) => {
  t.true(Object.isFrozen(radcredContext));
  t.true(Object.isFrozen(definitions));
  t.throws(() => {
    (definitions as Record<string, unknown>).npi = 'https://evil.example/npi';
  });
  t.true(Object.isFrozen((bundledContexts.get(CREDENTIALS_V2_URL) as Json)['@context']));
});

test('the RadCred context is JSON-LD 1.1, protected, with no @vocab catch-all', (t) => {
  t.is(definitions['@version'], 1.1);
  t.is(definitions['@protected'], true);
  t.false('@vocab' in definitions);
  for (const [term, definition] of Object.entries(definitions)) {
    if (term.startsWith('@')) continue;
    const iri = typeof definition === 'string' ? definition : (definition as Json)['@id'];
    t.true(typeof iri === 'string' && (iri.startsWith(RADCRED) || iri === 'https://schema.org/name'), term);
  }
});

test('every registered type and every subject field has a term in the RadCred context', (t) => {
  for (const type of radcredTypeNames) {
    t.is(definitions[type], `${RADCRED}${type}`, type);
    const schema = credentialTypes[type].subjectSchema;
    // The subject schemas are zod objects wrapped in refinements; their shape lists the fields.
    const shape = (schema as unknown as { shape?: Json; def?: { in?: { shape?: Json } } }).shape ?? {};
    const fields = Object.keys(shape);
    t.true(fields.length > 3, `${type} exposes its fields`);
    for (const field of fields) {
      if (field === 'id') continue;
      t.truthy(definitions[field], `${type}.${field} needs a term in radcred-v1.json`);
    }
  }
});

test('RadCred terms keep their meaning after the VC 2.0 context: `name` agrees with the protected v2 term', async (t) => {
  // Redefining a protected term differently would throw here; identical definitions are allowed.
  const expanded = await jsonld.expand(
    { '@context': [CREDENTIALS_V2_URL, RADCRED_CONTEXT_URL], '@id': 'urn:x', name: 'N', npi: '1234567893', description: 'D' },
    { documentLoader, safe: true },
  );
  const node = expanded[0] as Json;
  t.truthy(node['https://schema.org/name']);
  t.truthy(node['https://schema.org/description']);
  t.truthy(node[`${RADCRED}npi`]);
});

test('a later context cannot redefine a RadCred term (the context is protected)', async (t) => {
  const error = await t.throwsAsync(
    jsonld.expand(
      { '@context': [CREDENTIALS_V2_URL, RADCRED_CONTEXT_URL, { npi: 'https://evil.example/npi' }], npi: '1' },
      { documentLoader, safe: true },
    ),
  );
  t.regex(String((error as { details?: { code?: string } }).details?.code ?? error?.message), /protected term redefinition/);
});

test('the RadCred context also works after the VC 1.1 context', async (t) => {
  const expanded = await jsonld.expand(
    {
      '@context': [CREDENTIALS_V1_URL, RADCRED_CONTEXT_URL],
      type: ['VerifiableCredential', 'MedicalLicenseCredential'],
      credentialSubject: { name: 'N', licenseType: 'MD', restrictions: [] },
    },
    { documentLoader, safe: true },
  );
  const node = expanded[0] as Json;
  t.deepEqual(node['@type'], ['https://www.w3.org/2018/credentials#VerifiableCredential', `${RADCRED}MedicalLicenseCredential`]);
  const subject = (node['https://www.w3.org/2018/credentials#credentialSubject'] as Json[])[0] as Json;
  t.truthy(subject['https://schema.org/name']);
  t.truthy(subject[`${RADCRED}licenseType`]);
});
