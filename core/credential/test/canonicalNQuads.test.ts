import test from 'ava';
import fc from 'fast-check';
import NQuads from 'rdf-canonize/lib/NQuads.js';
import RDFC10Sync from 'rdf-canonize/lib/RDFC10Sync.js';
import { canonicalNQuads, simplePathNQuads } from '../fastCanonize/canonicalNQuads.ts';
import { documentQuads } from '../fastCanonize/documentQuads.ts';
import { literalText, namedNodeText } from '../fastCanonize/nquadsTerms.ts';
import type { RdfQuad, RdfTerm } from '../fastCanonize/rdfTerms.ts';
import { ScopedContext } from '../fastCanonize/scopedContext.ts';
import { ContextPending } from '../fastCanonize/signals.ts';
import { presentation, radcredCredential } from './fastCanonizeArbitraries.ts';

/**
 * canonicalNQuads against rdf-canonize 5's RDFC-1.0 on whole datasets: the simple path (every
 * first-degree hash unique) done here, and everything else handed to the library.
 */

const reference = (quads: readonly RdfQuad[]): string => new RDFC10Sync().main(quads);

/**
 * What a canonicalisation gives: its text, or the error it throws. rdf-canonize refuses datasets
 * whose blank nodes would need too many rounds of N-degree hashing (a cycle of blank nodes that
 * map onto each other, "Maximum deep iterations exceeded"); canonicalNQuads must refuse them the
 * same way.
 */
function outcome(canonicalise: () => string): { text: string } | { error: string } {
  try {
    return { text: canonicalise() };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** Strings that exercise every escape: C0 controls, DEL, quotes, backslashes, IRI-reserved characters, astral characters. */
const awkwardText = fc
  .array(fc.oneof(fc.constantFrom('\u0000', '\b', '\t', '\n', '\f', '\r', '\u001f', '\u007f', '"', '\\', '<', '>', '{', '}', '|', '^', '`', ' ', 'é', '😀', 'a', ':'), fc.string({ minLength: 1, maxLength: 1, unit: 'binary' })), { maxLength: 12 })
  .map((characters) => characters.join(''));

const iri = fc.oneof(fc.constantFrom('https://example.org/a', 'did:key:z6Mk', 'urn:uuid:1'), awkwardText.map((tail) => `https://example.org/${tail}`));
/** Few labels, so blank nodes share quads, and some that share first-degree hashes. */
const blankLabel = fc.constantFrom('b0', 'b1', 'b2', 'b3', 'x', 'c14n0', 'c14n9');
const named = iri.map((value): RdfTerm => ({ termType: 'NamedNode', value }));
const blank = blankLabel.map((value): RdfTerm => ({ termType: 'BlankNode', value }));
const literal = fc.record({
  value: awkwardText,
  datatype: fc.constantFrom(
    'http://www.w3.org/2001/XMLSchema#string',
    'http://www.w3.org/2001/XMLSchema#date',
    'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString',
    'https://example.org/type|odd',
  ),
  language: fc.constantFrom('en', 'de-CH', ''),
}).map(({ value, datatype, language }): RdfTerm => ({
  termType: 'Literal',
  value,
  datatype: { termType: 'NamedNode', value: datatype },
  ...(datatype.endsWith('langString') && language !== '' ? { language } : {}),
}));
const defaultGraph: RdfTerm = { termType: 'DefaultGraph', value: '' };

const quad: fc.Arbitrary<RdfQuad> = fc.record({
  subject: fc.oneof(named, blank),
  predicate: fc.oneof({ weight: 20, arbitrary: named }, { weight: 1, arbitrary: blank }),
  object: fc.oneof(named, blank, literal),
  graph: fc.oneof(fc.constant(defaultGraph), named, blank),
});

/** Datasets, with some quads repeated as the same object and as an equal copy. */
const dataset = fc
  .tuple(fc.array(quad, { maxLength: 24 }), fc.array(fc.nat(), { maxLength: 3 }))
  .map(([quads, repeats]) => {
    const out = [...quads];
    for (const at of repeats) {
      const picked = quads[at % Math.max(1, quads.length)];
      if (picked) out.push(at % 2 === 0 ? picked : { ...picked });
    }
    return out;
  });

test('canonicalNQuads equals rdf-canonize on arbitrary datasets (property)', (t) => {
  let simple = 0;
  let withBlankNodes = 0;
  fc.assert(
    fc.property(dataset, (quads) => {
      const expected = outcome(() => reference(quads));
      const fast = simplePathNQuads(quads);
      if (fast !== undefined) {
        simple += 1;
        if (quads.some((q) => q.subject.termType === 'BlankNode' || q.object.termType === 'BlankNode' || q.graph.termType === 'BlankNode')) withBlankNodes += 1;
      }
      const actual = outcome(() => canonicalNQuads(quads));
      const same = 'text' in expected ? 'text' in actual && actual.text === expected.text : 'error' in actual && actual.error === expected.error;
      return (fast === undefined || ('text' in expected && fast === expected.text)) && same;
    }),
    { numRuns: 3000 },
  );
  // Both paths are exercised: the simple one with blank nodes, and the hand-over to the library.
  t.true(withBlankNodes >= 300, `simple path with blank nodes: ${withBlankNodes}`);
  t.true(simple <= 2700, `simple path: ${simple} of 3000`);
});

test('term texts equal rdf-canonize serialisation for arbitrary IRIs and literals (property)', (t) => {
  const s: RdfTerm = { termType: 'NamedNode', value: 'https://s' };
  const p: RdfTerm = { termType: 'NamedNode', value: 'https://p' };
  fc.assert(
    fc.property(named, literal, (iriTerm, literalTerm) => {
      const asObject = NQuads.serializeQuadComponents(s, p, iriTerm, defaultGraph);
      const asLiteral = NQuads.serializeQuadComponents(s, p, literalTerm, defaultGraph);
      return asObject === `<https://s> <https://p> ${namedNodeText(iriTerm.value)} .\n` && asLiteral === `<https://s> <https://p> ${literalText(literalTerm)} .\n`;
    }),
    { numRuns: 2000 },
  );
  t.pass();
});

test('a dataset whose blank nodes share a first-degree hash is left to rdf-canonize', (t) => {
  const p: RdfTerm = { termType: 'NamedNode', value: 'https://example.org/p' };
  const o: RdfTerm = { termType: 'Literal', value: 'same', datatype: { termType: 'NamedNode', value: 'http://www.w3.org/2001/XMLSchema#string' } };
  const twins: RdfQuad[] = [
    { subject: { termType: 'BlankNode', value: 'b0' }, predicate: p, object: o, graph: defaultGraph },
    { subject: { termType: 'BlankNode', value: 'b1' }, predicate: p, object: o, graph: defaultGraph },
  ];
  t.is(simplePathNQuads(twins), undefined);
  t.is(canonicalNQuads(twins), reference(twins));
  t.is(canonicalNQuads(twins), '_:c14n0 <https://example.org/p> "same" .\n_:c14n1 <https://example.org/p> "same" .\n');
});

test('two blank nodes pointing at each other, which rdf-canonize refuses, are refused the same way', (t) => {
  // Found by the property above (seed -995757906): each blank node's first-degree hash is the
  // other's, and N-degree hashing runs out of its iteration budget.
  const p: RdfTerm = { termType: 'NamedNode', value: 'https://example.org/a' };
  const cycle: RdfQuad[] = [
    { subject: { termType: 'BlankNode', value: 'b0' }, predicate: p, object: { termType: 'BlankNode', value: 'b2' }, graph: defaultGraph },
    { subject: { termType: 'BlankNode', value: 'b2' }, predicate: p, object: { termType: 'BlankNode', value: 'b0' }, graph: defaultGraph },
  ];
  t.is(simplePathNQuads(cycle), undefined);
  const refusal = t.throws(() => reference(cycle));
  t.throws(() => canonicalNQuads(cycle), { message: refusal?.message ?? '' });
});

/** One root for every document, as the fast path keeps one: each scoped context is processed once. */
const root = ScopedContext.initial();

/** The dataset the fast path builds for a document (bundled contexts processed on demand). */
async function quadsOf(document: unknown): Promise<RdfQuad[]> {
  for (;;) {
    try {
      return [...documentQuads(document, root).quads];
    } catch (error) {
      if (!(error instanceof ContextPending)) throw error;
      await error.ready;
    }
  }
}

test('signed credentials and presentations take the simple path, and it equals rdf-canonize (property)', async (t) => {
  let simple = 0;
  await fc.assert(
    fc.asyncProperty(fc.oneof(presentation, radcredCredential), async (document) => {
      const quads = await quadsOf(document);
      const expected = reference(quads);
      const fast = simplePathNQuads(quads);
      if (fast !== undefined) simple += 1;
      return (fast === undefined || fast === expected) && canonicalNQuads(quads) === expected;
    }),
    { numRuns: 120 },
  );
  t.true(simple >= 100, `the simple path served ${simple} of 120 documents`);
});
