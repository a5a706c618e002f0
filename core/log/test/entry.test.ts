import { createHash } from 'node:crypto';
import test from 'ava';
import fc from 'fast-check';
import { credentialHash, decodeLogEntry, encodeLogEntry, leafHash, logEntryLeafHash, LogError, MAX_ENTRY_BYTES, type LogEntry } from '../index.ts';

const issue: LogEntry = {
  v: 1,
  kind: 'issue',
  issuer: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
  credentialHash: `sha256:${'ab'.repeat(32)}`,
  at: '2025-01-02T03:04:05.678Z',
};
const status: LogEntry = { ...issue, kind: 'status', statusPurpose: 'suspension', statusValue: true };

function codeOf(t: { throws: (fn: () => unknown, e?: object) => Error | undefined }, fn: () => unknown): string | undefined {
  return (t.throws(fn, { instanceOf: LogError }) as LogError | undefined)?.code;
}

test('entries encode as RFC 8785 JCS (sorted keys, no whitespace) and decode back', (t) => {
  const text = new TextDecoder().decode(encodeLogEntry(status));
  t.is(text, `{"at":"2025-01-02T03:04:05.678Z","credentialHash":"sha256:${'ab'.repeat(32)}","issuer":"${issue.issuer}","kind":"status","statusPurpose":"suspension","statusValue":true,"v":1}`);
  t.deepEqual(decodeLogEntry(encodeLogEntry(status)), status);
  t.deepEqual(decodeLogEntry(encodeLogEntry(issue)), issue);
  t.deepEqual(logEntryLeafHash(issue), leafHash(encodeLogEntry(issue)));
});

test('the same entry built with keys in another order has the same bytes and leaf hash (dedup key)', (t) => {
  const reordered = { at: issue.at, credentialHash: issue.credentialHash, v: 1 as const, issuer: issue.issuer, kind: 'issue' as const };
  t.deepEqual(encodeLogEntry(reordered), encodeLogEntry(issue));
});

test('invalid entries are log.entry.invalid, naming the field', (t) => {
  const bad: Array<[string, unknown]> = [
    ['v', { ...issue, v: 2 }],
    ['kind', { ...issue, kind: 'revoke' }],
    ['issuer', { ...issue, issuer: 'https://board.example' }],
    ['credentialHash', { ...issue, credentialHash: `sha256:${'AB'.repeat(32)}` }],
    ['credentialHash', { ...issue, credentialHash: `sha512:${'ab'.repeat(32)}` }],
    ['at', { ...issue, at: '2025-01-02 03:04:05' }],
    ['statusPurpose', { ...issue, kind: 'status' }],
    ['statusPurpose', { ...issue, statusPurpose: 'revocation', statusValue: true }],
    ['statusPurpose', { ...status, statusPurpose: 'refresh' }],
    ['entry', { ...issue, name: 'Dr. Rivera' }], // no personal data: unknown keys refused
  ];
  for (const [field, value] of bad) {
    const error = t.throws(() => encodeLogEntry(value as LogEntry), { instanceOf: LogError });
    t.is(error?.code, 'log.entry.invalid');
    t.true(error?.message.includes(field), `${field}: ${error?.message}`);
  }
});

test('decoding refuses non-canonical bytes, non-JSON and oversize input', (t) => {
  const pretty = new TextEncoder().encode(JSON.stringify(issue, null, 2));
  t.is(codeOf(t, () => decodeLogEntry(pretty)), 'log.entry.not_canonical');
  t.is(codeOf(t, () => decodeLogEntry(new TextEncoder().encode('{"v":1'))), 'log.entry.invalid');
  t.is(codeOf(t, () => decodeLogEntry(new Uint8Array([0xff]))), 'log.entry.invalid');
  t.is(codeOf(t, () => decodeLogEntry(new Uint8Array(MAX_ENTRY_BYTES + 1))), 'log.entry.too_large');
});

test('an entry over 65,535 bytes is log.entry.too_large; one at the limit is accepted', (t) => {
  const withIssuerLength = (bytes: number): LogEntry => ({ ...issue, issuer: `did:web:${'a'.repeat(bytes - 'did:web:'.length)}` });
  const overhead = encodeLogEntry(withIssuerLength(100)).length - 100;
  t.is(encodeLogEntry(withIssuerLength(MAX_ENTRY_BYTES - overhead)).length, MAX_ENTRY_BYTES);
  t.is(codeOf(t, () => encodeLogEntry(withIssuerLength(MAX_ENTRY_BYTES - overhead + 1))), 'log.entry.too_large');
  t.is(MAX_ENTRY_BYTES, 65535);
});

test('credentialHash is sha256 of the JCS bytes, independent of key order', (t) => {
  const credential = { b: 1, a: { d: [1, 'x'], c: null }, proof: { type: 'Ed25519Signature2020' } };
  const reordered = { proof: { type: 'Ed25519Signature2020' }, a: { c: null, d: [1, 'x'] }, b: 1 };
  const jcsText = '{"a":{"c":null,"d":[1,"x"]},"b":1,"proof":{"type":"Ed25519Signature2020"}}';
  const expected = `sha256:${createHash('sha256').update(jcsText).digest('hex')}`;
  t.is(credentialHash(credential), expected);
  t.is(credentialHash(reordered), expected);
  t.is(codeOf(t, () => credentialHash('not an object')), 'log.entry.invalid');
  t.is(codeOf(t, () => credentialHash({ n: Number.NaN })), 'log.entry.invalid');
});

test('property: any valid entry round-trips through its canonical bytes', (t) => {
  const entryArb = fc.record({
    hash: fc.uint8Array({ minLength: 32, maxLength: 32 }),
    at: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
    status: fc.option(fc.record({ statusPurpose: fc.constantFrom('revocation' as const, 'suspension' as const), statusValue: fc.boolean() }), { nil: undefined }),
  });
  fc.assert(fc.property(entryArb, ({ hash, at, status: s }) => {
    const base = { v: 1 as const, issuer: issue.issuer, credentialHash: `sha256:${Buffer.from(hash).toString('hex')}`, at: at.toISOString() };
    const entry: LogEntry = s === undefined ? { ...base, kind: 'issue' } : { ...base, kind: 'status', ...s };
    t.deepEqual(decodeLogEntry(encodeLogEntry(entry)), entry);
  }), { numRuns: 200 });
});
