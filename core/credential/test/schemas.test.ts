import test from 'ava';
import fc from 'fast-check';
import { CredentialError } from '../errors.ts';
import { credentialTypeDefinition, radcredTypeNames, keyFactsOf, validateCredentialSubject } from '../registry.ts';
import { isValidNpi } from '../types/common.ts';
import { parseUnsignedCredential, unsignedCredentialSchema } from '../unsignedCredential.ts';
import { issuerKey, sampleCredential, sampleSubjects } from './fixtures/samples.ts';

type Json = Record<string, unknown>;

function failingPaths(type: string, subject: unknown): string[] {
  const result = validateCredentialSubject(type, subject);
  if (result.success) return [];
  return result.error.fields.map((f) => f.path);
}

test('the sample subject of every type is accepted, typed, with a label and key facts', (t) => {
  for (const type of radcredTypeNames) {
    const result = validateCredentialSubject(type, sampleSubjects[type]);
    t.true(result.success, type);
    if (result.success) t.deepEqual(result.subject, sampleSubjects[type]);
    t.truthy(credentialTypeDefinition(type).label);
  }
  t.is(
    keyFactsOf('MedicalLicenseCredential', sampleSubjects.MedicalLicenseCredential),
    'MD US-NY #298311 · active · unrestricted · expires 2027-06-30',
  );
  t.is(
    keyFactsOf('BoardCertificationCredential', sampleSubjects.BoardCertificationCredential),
    'ABR Diagnostic Radiology · Neuroradiology · time-limited · meeting-requirements · through 2030-12-31',
  );
  t.is(
    keyFactsOf('CMECreditCredential', sampleSubjects.CMECreditCredential),
    '12.5 AMA PRA Category 1 Credit · 6 MQSA h · Breast Imaging Update 2025 · completed 2025-03-14',
  );
  t.is(credentialTypeDefinition('MedicalLicenseCredential').factExpiry(sampleSubjects.MedicalLicenseCredential), '2027-06-30');
});

const license = sampleSubjects.MedicalLicenseCredential;
const board = sampleSubjects.BoardCertificationCredential;
const cme = sampleSubjects.CMECreditCredential;

const rejections: [string, string, Json, string[]][] = [
  ['NPI with a wrong check digit', 'MedicalLicenseCredential', { ...license, npi: '1234567890' }, ['credentialSubject.npi']],
  ['NPI of 9 digits', 'MedicalLicenseCredential', { ...license, npi: '123456789' }, ['credentialSubject.npi']],
  ['NPI as a number', 'MedicalLicenseCredential', { ...license, npi: 1234567893 }, ['credentialSubject.npi']],
  ['subject id that is not a did:key', 'MedicalLicenseCredential', { ...license, id: 'did:web:rivera.example' }, ['credentialSubject.id']],
  ['subject id with a fragment', 'MedicalLicenseCredential', { ...license, id: `${issuerKey.keyId}` }, ['credentialSubject.id']],
  ['jurisdiction that is not ISO 3166-2:US', 'MedicalLicenseCredential', { ...license, jurisdiction: 'NY' }, ['credentialSubject.jurisdiction']],
  ['jurisdiction of another country', 'MedicalLicenseCredential', { ...license, jurisdiction: 'CA-ON' }, ['credentialSubject.jurisdiction']],
  ['license type DDS', 'MedicalLicenseCredential', { ...license, licenseType: 'DDS' }, ['credentialSubject.licenseType']],
  ['unknown license status', 'MedicalLicenseCredential', { ...license, licenseStatus: 'great' }, ['credentialSubject.licenseStatus']],
  ['impossible date', 'MedicalLicenseCredential', { ...license, issuedOn: '2023-02-30' }, ['credentialSubject.issuedOn']],
  ['date with time', 'MedicalLicenseCredential', { ...license, expiresOn: '2027-06-30T00:00:00Z' }, ['credentialSubject.expiresOn']],
  ['expiry before issue', 'MedicalLicenseCredential', { ...license, expiresOn: '2018-01-01' }, ['credentialSubject.expiresOn']],
  ['duplicate restriction', 'MedicalLicenseCredential', { ...license, restrictions: ['x', 'x'] }, ['credentialSubject.restrictions']],
  ['restriction that is not a string', 'MedicalLicenseCredential', { ...license, restrictions: [3] }, ['credentialSubject.restrictions[0]']],
  ['missing restrictions', 'MedicalLicenseCredential', { ...license, restrictions: undefined }, ['credentialSubject.restrictions']],
  ['compact flag as a string', 'MedicalLicenseCredential', { ...license, interstateCompact: 'yes' }, ['credentialSubject.interstateCompact']],
  ['an undefined extra field', 'MedicalLicenseCredential', { ...license, favouriteColour: 'teal' }, ['credentialSubject.favouriteColour']],
  ['empty name', 'MedicalLicenseCredential', { ...license, name: '' }, ['credentialSubject.name']],
  ['board name not matching its code', 'BoardCertificationCredential', { ...board, board: 'American Board of Surgery' }, ['credentialSubject.board']],
  ['unknown specialty', 'BoardCertificationCredential', { ...board, specialty: 'Dermatology' }, ['credentialSubject.specialty']],
  ['time-limited without validThrough', 'BoardCertificationCredential', { ...board, validThrough: undefined }, ['credentialSubject.validThrough']],
  ['validThrough before certifiedOn', 'BoardCertificationCredential', { ...board, validThrough: '2019-01-01' }, ['credentialSubject.validThrough']],
  ['unknown continuing certification status', 'BoardCertificationCredential', { ...board, continuingCertificationStatus: 'ok' }, ['credentialSubject.continuingCertificationStatus']],
  ['zero credits', 'CMECreditCredential', { ...cme, credits: 0 }, ['credentialSubject.credits']],
  ['negative credits', 'CMECreditCredential', { ...cme, credits: -1 }, ['credentialSubject.credits']],
  ['credits not in quarter steps', 'CMECreditCredential', { ...cme, credits: 1.3 }, ['credentialSubject.credits']],
  ['credits as a string', 'CMECreditCredential', { ...cme, credits: '12.5' }, ['credentialSubject.credits']],
  ['negative MQSA hours', 'CMECreditCredential', { ...cme, mqsaHours: -0.5 }, ['credentialSubject.mqsaHours']],
  ['MQSA hours with 3 decimals', 'CMECreditCredential', { ...cme, mqsaHours: 1.125 }, ['credentialSubject.mqsaHours']],
  ['MQSA hours above the credits', 'CMECreditCredential', { ...cme, mqsaHours: 13 }, ['credentialSubject.mqsaHours']],
  ['unknown activity format', 'CMECreditCredential', { ...cme, activityFormat: 'podcast' }, ['credentialSubject.activityFormat']],
  ['unknown credit type', 'CMECreditCredential', { ...cme, creditType: 'Fun Credit' }, ['credentialSubject.creditType']],
];

for (const [name, type, subject, paths] of rejections) {
  test(`rejects ${type} subject with ${name}, naming ${paths.join(', ')}`, (t) => {
    const result = validateCredentialSubject(type, subject);
    t.false(result.success);
    if (result.success) return;
    t.true(result.error instanceof CredentialError);
    t.is(result.error.code, 'credential.subject.invalid');
    t.deepEqual(result.error.fields.map((f) => f.path), paths);
    for (const path of paths) t.true(result.error.message.includes(`${path}: `), result.error.message);
  });
}

test('several failing fields are all listed', (t) => {
  t.deepEqual(
    failingPaths('MedicalLicenseCredential', { ...license, npi: '1', jurisdiction: 'XX', licenseType: 'PhD' }).sort(),
    ['credentialSubject.jurisdiction', 'credentialSubject.licenseType', 'credentialSubject.npi'],
  );
});

test('lifetime certificates may omit validThrough; MQSA hours are optional', (t) => {
  t.deepEqual(failingPaths('BoardCertificationCredential', { ...board, certificateType: 'lifetime', continuingCertificationStatus: 'not-required', validThrough: undefined }), []);
  t.deepEqual(failingPaths('CMECreditCredential', { ...cme, mqsaHours: undefined, credits: 0.25 }), []);
});

test('an unknown type is credential.type.unknown', (t) => {
  const result = validateCredentialSubject('TrainingCredential', {});
  t.false(result.success);
  if (!result.success) t.is(result.error.code, 'credential.type.unknown');
});

test('NPI check digit: every 9-digit body has exactly one valid check digit (property)', (t) => {
  t.true(isValidNpi('1234567893'));
  t.true(isValidNpi('1245319599'));
  fc.assert(
    fc.property(fc.stringMatching(/^[12]\d{8}$/), (body) => {
      const valid = [...'0123456789'].filter((d) => isValidNpi(body + d));
      return valid.length === 1;
    }),
    { numRuns: 500 },
  );
  fc.assert(
    fc.property(fc.stringMatching(/^[12]\d{8}$/), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 1, max: 9 }), (body, position, delta) => {
      const check = [...'0123456789'].find((d) => isValidNpi(body + d)) as string;
      const npi = body + check;
      const changed = npi.slice(0, position) + String((Number(npi[position]) + delta) % 10) + npi.slice(position + 1);
      return !isValidNpi(changed); // Luhn catches every single-digit error
    }),
    { numRuns: 500 },
  );
});

test('the unsigned credential shape: a VC 2.0 RadCred credential parses to its type', (t) => {
  const { credential, credentialType } = parseUnsignedCredential(sampleCredential('CMECreditCredential'));
  t.is(credentialType, 'CMECreditCredential');
  t.is(credential.credentialSubject.npi, '1234567893');
  t.true(unsignedCredentialSchema.safeParse({ ...sampleCredential('MedicalLicenseCredential'), issuer: { id: issuerKey.did, name: 'NY Board' } }).success);
});

const shapeRejections: [string, Json, string][] = [
  ['a VC 1.1 context first', sampleCredential('MedicalLicenseCredential', 1), '@context[0]'],
  ['no RadCred context', { ...sampleCredential('MedicalLicenseCredential'), '@context': ['https://www.w3.org/ns/credentials/v2', 'https://w3id.org/security/suites/ed25519-2020/v1'] }, '@context'],
  ['a remote context', { ...sampleCredential('MedicalLicenseCredential'), '@context': ['https://www.w3.org/ns/credentials/v2', 'https://w3id.org/radcred/v1', 'https://example.com/x'] }, '@context[2]'],
  ['no VerifiableCredential type', { ...sampleCredential('MedicalLicenseCredential'), type: ['MedicalLicenseCredential'] }, 'type'],
  ['two RadCred types', { ...sampleCredential('MedicalLicenseCredential'), type: ['VerifiableCredential', 'MedicalLicenseCredential', 'CMECreditCredential'] }, 'type'],
  ['an unknown type', { ...sampleCredential('MedicalLicenseCredential'), type: ['VerifiableCredential', 'MedicalLicenseCredential', 'PilotLicense'] }, 'type[2]'],
  ['validUntil before validFrom', { ...sampleCredential('MedicalLicenseCredential'), validUntil: '2024-01-01T00:00:00Z' }, 'validUntil'],
  ['validUntil without time zone', { ...sampleCredential('MedicalLicenseCredential'), validUntil: '2027-01-01T00:00:00' }, 'validUntil'],
  ['a proof already', { ...sampleCredential('MedicalLicenseCredential'), proof: {} }, 'proof'],
  ['an id that is not urn:uuid', { ...sampleCredential('MedicalLicenseCredential'), id: 'https://x.example/1' }, 'id'],
  ['an issuer that is not a did:key', { ...sampleCredential('MedicalLicenseCredential'), issuer: 'https://board.example' }, 'issuer'],
  ['a subject failing its type schema', { ...sampleCredential('MedicalLicenseCredential'), credentialSubject: { ...license, npi: '1234567890' } }, 'credentialSubject.npi'],
  ['a subject array', { ...sampleCredential('MedicalLicenseCredential'), credentialSubject: [license] }, 'credentialSubject'],
];

for (const [name, input, path] of shapeRejections) {
  test(`the unsigned credential shape rejects ${name}, naming ${path}`, (t) => {
    const error = t.throws(() => parseUnsignedCredential(input), { instanceOf: CredentialError });
    t.is(error.code, 'credential.shape.invalid');
    t.true(error.fields.some((f) => f.path === path), JSON.stringify(error.fields));
  });
}

test('a subject that is not an object is one error at credentialSubject', (t) => {
  for (const subject of ['x', null, 42, [sampleSubjects.MedicalLicenseCredential]]) {
    t.deepEqual(failingPaths('MedicalLicenseCredential', subject), ['credentialSubject']);
  }
});
