import test from 'ava';
import { generateApiToken, hashApiToken, tokensEqual } from '../apiTokens.ts';

test('generated tokens carry their prefix and 256 bits of randomness', (t) => {
  const a = generateApiToken('rcit');
  const b = generateApiToken('rcit');
  t.regex(a, /^rcit_[A-Za-z0-9_-]{43}$/);
  t.not(a, b);
});

test('the stored hash is SHA-256 hex and never the token itself', (t) => {
  const token = generateApiToken('rcop');
  const hash = hashApiToken(token);
  t.regex(hash, /^[0-9a-f]{64}$/);
  t.false(hash.includes(token));
  t.is(hashApiToken(token), hash);
});

test('token comparison accepts only the exact token', (t) => {
  const token = generateApiToken('rcvs');
  t.true(tokensEqual(token, token));
  t.false(tokensEqual(token + 'x', token));
  t.false(tokensEqual('', token));
});
