import jsonld from 'jsonld';
import type { DocumentLoader } from '../documentLoader.ts';

/**
 * The reference: what jsonld-signatures 11 `LinkedDataSignature.canonize` computes (and, for the
 * datasets RadCred produces, what eddsa-rdfc-2022's toRDF + rdf-canonize computes).
 */
export function referenceCanonize(document: unknown, documentLoader: DocumentLoader): Promise<string> {
  return jsonld.canonize(document, {
    algorithm: 'RDFC-1.0',
    base: null,
    format: 'application/n-quads',
    documentLoader,
    safe: true,
  });
}
