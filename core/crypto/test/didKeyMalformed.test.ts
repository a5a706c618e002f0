import test from 'ava';
import { encode as base58Encode } from 'base58-universal';
import { CryptoError } from '../errors.ts';
import { didKeyFromSeed, isDidKey, parseDidKey } from '../didKey.ts';

const good = didKeyFromSeed(new Uint8Array(32).fill(3));
const goodId = good.publicKeyMultibase;

function multibase(bytes: number[]): string {
  return 'z' + base58Encode(Uint8Array.from(bytes));
}

const cases: { name: string; input: string; reason: RegExp }[] = [
  { name: 'another DID method', input: `did:web:${goodId}`, reason: /bad prefix/ },
  { name: 'no prefix at all', input: goodId, reason: /bad prefix/ },
  { name: 'upper-case method', input: `DID:KEY:${goodId}`, reason: /bad prefix/ },
  { name: 'empty method-specific id', input: 'did:key:', reason: /empty/ },
  { name: 'base64url multibase instead of base58btc', input: `did:key:u${goodId.slice(1)}`, reason: /must be multibase base58btc/ },
  { name: 'a character outside base58 (0)', input: `did:key:z6Mk0${goodId.slice(5)}`, reason: /not valid base58btc/ },
  { name: 'a character outside base58 (l)', input: `did:key:z6Mkl${goodId.slice(5)}`, reason: /not valid base58btc/ },
  { name: 'an X25519 key (wrong multicodec)', input: `did:key:${multibase([0xec, 0x01, ...new Array<number>(32).fill(1)])}`, reason: /wrong multicodec 0xec01 \(x25519-pub\)/ },
  { name: 'a P-256 key (wrong multicodec)', input: `did:key:${multibase([0x80, 0x24, ...new Array<number>(33).fill(2)])}`, reason: /wrong multicodec 0x8024/ },
  { name: 'a 31-byte key', input: `did:key:${multibase([0xed, 0x01, ...new Array<number>(31).fill(1)])}`, reason: /wrong length: 31 key bytes/ },
  { name: 'a 33-byte key', input: `did:key:${multibase([0xed, 0x01, ...new Array<number>(33).fill(1)])}`, reason: /wrong length: 33 key bytes/ },
  { name: 'a truncated value', input: `did:key:${goodId.slice(0, 20)}`, reason: /wrong multicodec|wrong length/ },
  { name: 'a did:key version prefix', input: `did:key:1:${goodId}`, reason: /no version, path, query/ },
  { name: 'a path', input: `did:key:${goodId}/keys`, reason: /no version, path, query/ },
  { name: 'a query', input: `did:key:${goodId}?service=x`, reason: /no version, path, query/ },
  { name: 'a fragment naming another key', input: `${good.did}#key-1`, reason: /fragment must be the key's own/ },
  { name: 'trailing whitespace', input: `${good.did} `, reason: /no version, path, query|not valid base58btc/ },
  { name: 'an absurdly long input', input: `did:key:z${'1'.repeat(300)}`, reason: /too long/ },
];

for (const { name, input, reason } of cases) {
  test(`parseDidKey rejects ${name} with crypto.didkey.malformed`, (t) => {
    const error = t.throws(() => parseDidKey(input), { instanceOf: CryptoError });
    t.is(error.code, 'crypto.didkey.malformed');
    t.regex(error.message, reason);
    t.false(isDidKey(input));
  });
}

test('parseDidKey accepts a DID and its verification method id', (t) => {
  const bare = parseDidKey(good.did);
  t.is(bare.fragment, undefined);
  t.is(bare.keyId, good.keyId);
  const vm = parseDidKey(good.keyId);
  t.is(vm.fragment, goodId);
  t.is(vm.did, good.did);
  t.true(isDidKey(good.did));
  t.false(isDidKey(good.keyId));
});

test('parses are remembered, but every caller gets its own key bytes and malformed input still throws each time', (t) => {
  const { did } = didKeyFromSeed(new Uint8Array(32).fill(7));
  const first = parseDidKey(did);
  first.publicKey.fill(0);
  const second = parseDidKey(did);
  t.notDeepEqual(second.publicKey, first.publicKey);
  t.deepEqual(second.publicKey, didKeyFromSeed(new Uint8Array(32).fill(7)).publicKey);
  for (let i = 0; i < 2; i++) t.throws(() => parseDidKey(`${did}x`), { instanceOf: CryptoError });
});
