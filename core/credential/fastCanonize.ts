import { isDeepStrictEqual } from 'node:util';
import { bundledContexts } from './contexts.ts';
import type { DocumentLoader } from './documentLoader.ts';
import { attemptFast, attemptSync } from './fastCanonize/attempt.ts';
import { referenceCanonize } from './fastCanonize/referenceCanonize.ts';
import { warmUpDocuments } from './fastCanonize/warmUpDocuments.ts';

/**
 * Canonical N-Quads (RDFC-1.0) for documents that use only RadCred's bundled, protected contexts,
 * without jsonld.js expansion (which deep-copies the active context per node and dominates signing
 * and verification time). Term tables are jsonld.js's own, built once from the bundled context
 * documents; the dataset is canonicalised by rdf-canonize, as in the reference. Anything outside
 * the modelled subset goes to the reference `jsonld.canonize`, so the output is always the
 * reference's, byte for byte (see core/credential/test/fastCanonize*.test.ts).
 */

const stats = { fast: 0, fallback: 0 };

function counted(nquads: string | undefined): string | undefined {
  if (nquads === undefined) stats.fallback += 1;
  else stats.fast += 1;
  return nquads;
}

/**
 * Canonical N-Quads (RDFC-1.0) of `document`, computed without jsonld.js expansion, or undefined
 * when the document is outside what the fast path models exactly (the caller then uses the
 * reference). Never throws: anything odd gives undefined, so the reference gives its usual answer
 * or error. Contexts are the bundled documents (core/credential/contexts.ts).
 */
export async function fastCanonize(document: unknown): Promise<string | undefined> {
  const attempt = await attemptFast(document);
  return counted(attempt.kind === 'canonized' ? attempt.nquads : undefined);
}

/**
 * As `fastCanonize`, synchronously. Also undefined when a scoped context the document needs has
 * not been processed yet (it then is processed in the background; `warmFastCanonize` avoids this).
 */
export function fastCanonizeSync(document: unknown): string | undefined {
  const attempt = attemptSync(document);
  return counted(attempt.kind === 'canonized' ? attempt.nquads : undefined);
}

/** Whether `documentLoader` serves, for each URL, exactly the bundled context the fast path used. */
async function servesBundledContexts(documentLoader: DocumentLoader, urls: ReadonlySet<string>): Promise<boolean> {
  for (const url of urls) {
    const bundled = bundledContexts.get(url);
    let served: unknown;
    try {
      served = (await documentLoader(url)).document;
      if (typeof served === 'string') served = JSON.parse(served);
    } catch {
      return false;
    }
    if (served !== bundled && !isDeepStrictEqual(served, bundled)) return false;
  }
  return true;
}

/**
 * `fastCanonize`, used only if `documentLoader` serves the bundled context for every context URL
 * of the document; else undefined (a loader with other documents must get the reference's answer).
 * For suites that keep their own reference call (eddsa-rdfc-2022's toRDF + rdf-canonize).
 */
export async function fastCanonizeWith(document: unknown, documentLoader: DocumentLoader): Promise<string | undefined> {
  const attempt = await attemptFast(document);
  const usable = attempt.kind === 'canonized' && (await servesBundledContexts(documentLoader, attempt.contextUrls));
  return counted(usable ? attempt.nquads : undefined);
}

/**
 * `fastCanonizeWith`, or the reference `jsonld.canonize(document, {algorithm: 'RDFC-1.0', base:
 * null, format: 'application/n-quads', documentLoader, safe: true})` — the drop-in for the
 * signature suites' `canonize`.
 */
export async function canonizeRdfc(document: unknown, options: { documentLoader: DocumentLoader }): Promise<string> {
  return (await fastCanonizeWith(document, options.documentLoader)) ?? referenceCanonize(document, options.documentLoader);
}

/** Counters for the bench: calls that took the fast path, calls that fell back (since start or reset). */
export function fastCanonizeStats(): { fast: number; fallback: number } {
  return { ...stats };
}

export function resetFastCanonizeStats(): void {
  stats.fast = 0;
  stats.fallback = 0;
}

/**
 * Processes, once, every scoped context RadCred's documents reach (services call this at start),
 * so the first real calls pay no context processing. Resolves to how many sample documents the
 * fast path canonized and refused (all are expected to be canonized).
 */
export async function warmFastCanonize(): Promise<{ canonized: number; refused: number }> {
  const result = { canonized: 0, refused: 0 };
  for (const document of warmUpDocuments()) {
    const attempt = await attemptFast(document);
    if (attempt.kind === 'canonized') result.canonized += 1;
    else result.refused += 1;
  }
  return result;
}
