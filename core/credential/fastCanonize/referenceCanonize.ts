import jsonld from 'jsonld';
import type { DocumentLoader } from '../documentLoader.ts';
import { freshContextResolver } from './freshContextResolver.ts';

/**
 * The reference: what jsonld-signatures 11 `LinkedDataSignature.canonize` computes (and, for the
 * datasets RadCred produces, what eddsa-rdfc-2022's toRDF + rdf-canonize computes), with a context
 * resolver of its own per call so that no earlier document's warnings are replayed into this one
 * (freshContextResolver.ts).
 */
export function referenceCanonize(document: unknown, documentLoader: DocumentLoader): Promise<string> {
  return jsonld.canonize(document, {
    algorithm: 'RDFC-1.0',
    base: null,
    format: 'application/n-quads',
    documentLoader,
    safe: true,
    contextResolver: freshContextResolver(),
  } as Parameters<typeof jsonld.canonize>[1]);
}
