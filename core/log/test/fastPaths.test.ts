import test from 'ava';
import fc from 'fast-check';
import { decodeBase64Strict } from '../bytes.ts';
import { inclusionProofLength, inclusionProofPlan } from '../treeShape.ts';

/**
 * The shortcuts the verifier's receipt check takes, each equal to the plain computation it
 * replaces: the inclusion proof's length without building its plan, and strict base64 without
 * re-encoding the result.
 */

test('the inclusion proof length is the length of its plan, for every index of any size', (t) => {
  const sizes = fc.oneof(fc.bigInt({ min: 1n, max: 5000n }), fc.bigInt({ min: 1n, max: (1n << 64n) - 1n }));
  fc.assert(
    fc.property(sizes, fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), (size, at) => {
      const index = BigInt(Math.floor(Number(size) * at)) % size;
      return inclusionProofLength(index, size) === inclusionProofPlan(index, size).length && inclusionProofLength(size - 1n, size) === inclusionProofPlan(size - 1n, size).length;
    }),
    { numRuns: 3000 },
  );
  for (let size = 1n; size <= 70n; size++) for (let index = 0n; index < size; index++) t.is(inclusionProofLength(index, size), inclusionProofPlan(index, size).length);
  t.throws(() => inclusionProofLength(5n, 5n), { message: /not below tree size/ });
  t.throws(() => inclusionProofLength(-1n, 5n), { message: /not below tree size/ });
});

/** The former decoder: alphabet and padding by pattern, then the result must re-encode to the text. */
function reencodingDecoder(text: string): Uint8Array | undefined {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? new Uint8Array(bytes) : undefined;
}

const base64Char = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ \n'.split(''));

test('strict base64 accepts exactly the canonical encodings, as re-encoding does', (t) => {
  const texts = fc.oneof(
    // Real encodings, some with their last character before the padding changed (stray bits).
    fc.tuple(fc.uint8Array({ maxLength: 70 }), fc.nat(63), fc.boolean()).map(([bytes, other, change]) => {
      const text = Buffer.from(bytes).toString('base64');
      const at = text.replace(/=+$/, '').length - 1;
      if (!change || at < 0) return text;
      return text.slice(0, at) + 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charAt(other) + text.slice(at + 1);
    }),
    fc.array(base64Char, { maxLength: 48 }).map((chars) => chars.join('')),
    fc.string({ maxLength: 48 }),
  );
  fc.assert(
    fc.property(texts, (text) => {
      const fast = decodeBase64Strict(text);
      const reference = reencodingDecoder(text);
      return fast === undefined ? reference === undefined : reference !== undefined && Buffer.from(fast).equals(Buffer.from(reference));
    }),
    { numRuns: 20_000 },
  );
  t.deepEqual(decodeBase64Strict('AQ=='), Uint8Array.of(1));
  t.is(decodeBase64Strict('AR=='), undefined);
  t.deepEqual(decodeBase64Strict('AQI='), Uint8Array.of(1, 2));
  t.is(decodeBase64Strict('AQJ='), undefined);
  t.is(decodeBase64Strict('AQI'), undefined);
  t.deepEqual(decodeBase64Strict(''), new Uint8Array());
});
