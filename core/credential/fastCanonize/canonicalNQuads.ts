import RDFC10Sync from 'rdf-canonize/lib/RDFC10Sync.js';
import type { RdfQuad } from './rdfTerms.ts';

/**
 * RDFC-1.0 canonical N-Quads of a dataset, by rdf-canonize 5 — the library and algorithm
 * `jsonld.canonize` uses (its async and sync classes share the hashing and the N-Quads serializer,
 * so the bytes are the same), with its default work limits.
 */
export function canonicalNQuads(quads: readonly RdfQuad[]): string {
  return new RDFC10Sync().main(quads);
}
