import test from 'ava';
import fc from 'fast-check';
import { isSmallDocument } from '../smallDocument.ts';

/** The bounded size look that keeps large documents off the event loop (proofVerifier.ts). */
function units(value: unknown): number {
  if (typeof value === 'string') return 1 + Math.floor(value.length / 64);
  if (Array.isArray(value)) return 1 + value.reduce((sum: number, item) => sum + units(item), 0);
  if (value !== null && typeof value === 'object') return 1 + Object.values(value).reduce((sum: number, item) => sum + units(item), 0);
  return 1;
}

test('a document is small exactly when its full count is within the limit', (t) => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 6 }), fc.nat({ max: 200 }), (document, limit) => {
      t.is(isSmallDocument(document, limit), units(document) <= limit);
    }),
    { numRuns: 1000 },
  );
});

test('a long string counts by its length; a large body is not small however few its values', (t) => {
  t.true(isSmallDocument({ name: 'x'.repeat(63) }, 3));
  t.false(isSmallDocument({ name: 'x'.repeat(64 * 400) }, 400));
  t.false(isSmallDocument({ list: Array.from({ length: 1000 }, (_, i) => i) }, 400));
  t.true(isSmallDocument({ list: Array.from({ length: 398 }, (_, i) => i) }, 400));
});
