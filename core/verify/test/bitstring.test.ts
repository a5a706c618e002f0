import test from 'ava';
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { bitAt, decodeEncodedList, encodeList, MAX_DECODED_LIST_BYTES } from '../bitstring.ts';

test('encodedList round-trips and bit i is the i-th bit from the left (W3C Bitstring Status List)', (t) => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 1, maxLength: 512 }), fc.nat(), (bytes, n) => {
      const decoded = decodeEncodedList(encodeList(bytes));
      if (!decoded.ok) return false;
      const index = n % (bytes.length * 8);
      const expected = (((bytes[Math.floor(index / 8)] as number) >> (7 - (index % 8))) & 1) === 1;
      return Buffer.from(decoded.bits).equals(Buffer.from(bytes)) && bitAt(decoded.bits, index) === expected;
    }),
  );
  const list = new Uint8Array(16);
  list[0] = 0b1000_0000;
  list[15] = 0b0000_0001;
  const decoded = decodeEncodedList(encodeList(list));
  t.true(decoded.ok && bitAt(decoded.bits, 0) === true && bitAt(decoded.bits, 127) === true && bitAt(decoded.bits, 1) === false);
  t.true(decoded.ok && bitAt(decoded.bits, 128) === undefined);
});

test('malformed or oversized lists are refused with a reason, never thrown', (t) => {
  for (const bad of [undefined, 42, 'zabc', 'u!!', `u${Buffer.from('not gzip').toString('base64url')}`]) {
    const decoded = decodeEncodedList(bad);
    t.false(decoded.ok);
  }
  const bomb = `u${gzipSync(new Uint8Array(MAX_DECODED_LIST_BYTES + 1)).toString('base64url')}`;
  const result = decodeEncodedList(bomb);
  t.false(result.ok);
});
