import ContextResolver from 'jsonld/lib/ContextResolver.js';

/**
 * A context resolver with a cache of its own, for one jsonld.js call. jsonld.js 9 caches each
 * processed context together with the events (warnings) raised while processing it, but the array
 * it stores is shared by every context of that `process()` call: a warning raised by a later
 * context of the same call (say an inline `{"@language": "not a tag"}` after the credentials
 * context) is replayed, in safe mode as an error, whenever a later document hits the cached entry of
 * an earlier one. With the shared cache, one odd document would make jsonld.js reject well-formed
 * documents after it; with a resolver per call, no document's processing outlives its own call
 * (test: fastCanonizeIsolation.test.ts). The bundled contexts are in memory, so resolving them again
 * is cheap (a fallback canonicalisation of a credential measured 0.52 ms against 0.23 ms shared).
 */
export function freshContextResolver(): ContextResolver {
  return new ContextResolver({ sharedCache: new Map<string, unknown>() });
}
