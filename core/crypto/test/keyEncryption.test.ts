import test from 'ava';
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { CryptoError } from '../errors.ts';
import {
  DEFAULT_SCRYPT_PARAMS,
  decryptWithKek,
  encryptWithKek,
  openWithPassphrase,
  sealWithPassphrase,
  type PassphraseSealed,
} from '../keyEncryption.ts';

const kek = randomBytes(32);
const seed = randomBytes(32);
// Fast parameters for most passphrase tests; the default (2^17) is exercised once below.
const fast = { N: 2 ** 14, r: 8, p: 1 };

function flipChar(value: string, index: number): string {
  const c = value[index] === 'A' ? 'B' : 'A';
  return value.slice(0, index) + c + value.slice(index + 1);
}

function assertDecryptFailed(t: { is: (a: unknown, b: unknown) => void }, error: unknown): void {
  t.is(error instanceof CryptoError, true);
  t.is((error as CryptoError).code, 'crypto.decrypt.failed');
}

test('KEK: round trip, self-describing versioned output, fresh nonce each time', (t) => {
  const a = encryptWithKek(seed, kek, 'issuer:1');
  const b = encryptWithKek(seed, kek, 'issuer:1');
  t.regex(a, /^rcke1\.aes-256-gcm\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
  t.not(a, b);
  t.deepEqual(Buffer.from(decryptWithKek(a, kek, 'issuer:1')), seed);
  t.false(a.includes(seed.toString('base64url')));
});

test('KEK: round trip for any plaintext and label (property)', (t) => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), fc.string(), (plaintext, label) => {
      return Buffer.from(decryptWithKek(encryptWithKek(plaintext, kek, label), kek, label)).equals(Buffer.from(plaintext));
    }),
    { numRuns: 200 },
  );
  t.pass();
});

test('KEK: wrong key, wrong label, tampering and malformed input are crypto.decrypt.failed', (t) => {
  const box = encryptWithKek(seed, kek, 'issuer:1');
  const parts = box.split('.');
  const attempts: [string, () => unknown][] = [
    ['wrong key', () => decryptWithKek(box, randomBytes(32), 'issuer:1')],
    ['wrong label (row swap)', () => decryptWithKek(box, kek, 'issuer:2')],
    ['tampered ciphertext', () => decryptWithKek([...parts.slice(0, 3), flipChar(parts[3] ?? '', 2), parts[4]].join('.'), kek, 'issuer:1')],
    ['tampered tag', () => decryptWithKek([...parts.slice(0, 4), flipChar(parts[4] ?? '', 0)].join('.'), kek, 'issuer:1')],
    ['tampered nonce', () => decryptWithKek([...parts.slice(0, 2), flipChar(parts[2] ?? '', 0), ...parts.slice(3)].join('.'), kek, 'issuer:1')],
    ['truncated', () => decryptWithKek(parts.slice(0, 4).join('.'), kek, 'issuer:1')],
    ['unknown version', () => decryptWithKek(['rcke9', ...parts.slice(1)].join('.'), kek, 'issuer:1')],
    ['not base64url', () => decryptWithKek([...parts.slice(0, 3), '!!!', parts[4]].join('.'), kek, 'issuer:1')],
    ['empty', () => decryptWithKek('', kek, 'issuer:1')],
  ];
  for (const [name, attempt] of attempts) {
    const error = t.throws(attempt, undefined, name);
    assertDecryptFailed(t, error);
  }
});

test('KEK: a key-encryption key that is not 32 bytes is refused', (t) => {
  const error = t.throws(() => encryptWithKek(seed, randomBytes(16), 'x'));
  t.is((error as CryptoError).code, 'crypto.key.invalid');
});

test('passphrase: default parameters (scrypt N=2^17, r=8, p=1) are recorded and round-trip', async (t) => {
  const sealed = await sealWithPassphrase(seed, 'correct horse battery staple', { label: 'radwallet-holder-key' });
  t.like(sealed, { v: 1, kdf: 'scrypt', N: 2 ** 17, r: 8, p: 1, cipher: 'aes-256-gcm' });
  t.deepEqual({ N: sealed.N, r: sealed.r, p: sealed.p }, { ...DEFAULT_SCRYPT_PARAMS });
  t.is(Buffer.from(sealed.nonce, 'base64url').length, 12);
  t.is(Buffer.from(sealed.salt, 'base64url').length, 16);
  const fromDisk = JSON.parse(JSON.stringify(sealed)) as unknown;
  t.deepEqual(Buffer.from(await openWithPassphrase(fromDisk, 'correct horse battery staple', { label: 'radwallet-holder-key' })), seed);
});

test('passphrase: NFC and NFD spellings of the same passphrase open the same box', async (t) => {
  const sealed = await sealWithPassphrase(seed, 'Cr\u00e8me br\u00fbl\u00e9e', { params: fast });
  t.deepEqual(Buffer.from(await openWithPassphrase(sealed, 'Cre\u0300me bru\u0302le\u0301e')), seed);
});

test('passphrase: wrong passphrase, wrong label and tampered fields are crypto.decrypt.failed', async (t) => {
  const sealed = await sealWithPassphrase(seed, 'pass-1', { label: 'holder', params: fast });
  const variants: [string, unknown, string, string][] = [
    ['wrong passphrase', sealed, 'pass-2', 'holder'],
    ['wrong label', sealed, 'pass-1', 'other'],
    ['tampered ciphertext', { ...sealed, ciphertext: flipChar(sealed.ciphertext, 3) }, 'pass-1', 'holder'],
    ['tampered tag', { ...sealed, tag: flipChar(sealed.tag, 1) }, 'pass-1', 'holder'],
    ['tampered salt', { ...sealed, salt: flipChar(sealed.salt, 1) }, 'pass-1', 'holder'],
    ['tampered cost (r)', { ...sealed, r: 9 }, 'pass-1', 'holder'],
    ['a cost too large to derive', { ...sealed, N: 2 ** 24 }, 'pass-1', 'holder'],
    ['a cost too small', { ...sealed, N: 2 ** 10 }, 'pass-1', 'holder'],
    ['a memory cost of 4 GiB (N=2^20, r=32)', { ...sealed, N: 2 ** 20, r: 32 }, 'pass-1', 'holder'],
    ['unknown version', { ...sealed, v: 2 }, 'pass-1', 'holder'],
    ['extra field', { ...sealed, note: 'x' }, 'pass-1', 'holder'],
    ['not an object', 'garbage', 'pass-1', 'holder'],
  ];
  for (const [name, box, passphrase, label] of variants) {
    const error = await t.throwsAsync(openWithPassphrase(box, passphrase, { label }), undefined, name);
    assertDecryptFailed(t, error);
  }
  t.deepEqual(Buffer.from(await openWithPassphrase(sealed as PassphraseSealed, 'pass-1', { label: 'holder' })), seed);
});

test('passphrase: an empty passphrase or weak parameters are refused when sealing', async (t) => {
  const empty = await t.throwsAsync(sealWithPassphrase(seed, ''));
  t.is((empty as CryptoError).code, 'crypto.encrypt.invalid');
  const weak = await t.throwsAsync(sealWithPassphrase(seed, 'x', { params: { N: 1024, r: 8, p: 1 } }));
  t.is((weak as CryptoError).code, 'crypto.encrypt.invalid');
});
