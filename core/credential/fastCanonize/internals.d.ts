/**
 * Minimal types for the parts of jsonld.js 9 and rdf-canonize 5 that the fast canonicaliser calls
 * directly (CommonJS, untyped). Checked against node_modules/jsonld/lib/context.js,
 * ContextResolver.js and node_modules/rdf-canonize/lib/RDFC10Sync.js.
 */

declare module 'jsonld/lib/context.js' {
  /** One processed term definition, as jsonld.js stores it in `ActiveContext.mappings`. */
  export interface TermDefinition {
    readonly '@id'?: string;
    readonly reverse?: boolean;
    readonly _prefix?: boolean;
    readonly '@type'?: string;
    readonly '@container'?: readonly string[];
    /** A scoped context, kept unprocessed (may be `null`: "reset to the initial context"). */
    readonly '@context'?: unknown;
    readonly '@language'?: string | null;
    readonly '@direction'?: string | null;
    readonly '@index'?: string;
    readonly '@nest'?: string;
  }

  /** A processed (active) context. `previousContext` is set by non-propagated (type-scoped) contexts. */
  export interface ActiveContext {
    readonly mappings: ReadonlyMap<string, TermDefinition | null>;
    readonly previousContext?: ActiveContext;
    readonly '@language'?: string;
    readonly '@direction'?: string;
    readonly '@vocab'?: string;
    readonly processingMode?: string;
  }

  export interface ContextProcessingOptions {
    documentLoader: (url: string) => Promise<unknown>;
    base: string | null;
    contextResolver: unknown;
    eventHandler: unknown[];
  }

  interface ContextApi {
    process(args: {
      activeCtx: ActiveContext;
      localCtx: unknown;
      options: ContextProcessingOptions;
      propagate?: boolean;
      overrideProtected?: boolean;
    }): Promise<ActiveContext>;
    getInitialContext(options: { processingMode?: string }): ActiveContext;
    isKeyword(value: unknown): boolean;
  }
  const api: ContextApi;
  export default api;
}

declare module 'jsonld/lib/events.js' {
  /** The handler jsonld.js installs with `safe: true`: throws on every "value dropped / relative IRI" warning. */
  const api: { safeEventHandler: (args: { event: unknown; next: () => void }) => void };
  export default api;
}

declare module 'jsonld/lib/ContextResolver.js' {
  export default class ContextResolver {
    constructor(options: { sharedCache: { get(key: string): unknown; set(key: string, value: unknown): unknown } });
  }
}

declare module 'rdf-canonize/lib/RDFC10Sync.js' {
  export interface RdfTerm {
    readonly termType: 'NamedNode' | 'BlankNode' | 'Literal' | 'DefaultGraph';
    readonly value: string;
    readonly datatype?: { readonly termType: 'NamedNode'; readonly value: string };
    readonly language?: string;
  }
  export interface RdfQuad {
    readonly subject: RdfTerm;
    readonly predicate: RdfTerm;
    readonly object: RdfTerm;
    readonly graph: RdfTerm;
  }
  /** RDFC-1.0 (URDNA2015), synchronous: `main` returns the canonical N-Quads. */
  export default class RDFC10Sync {
    constructor(options?: { maxWorkFactor?: number; maxDeepIterations?: number });
    main(dataset: readonly RdfQuad[]): string;
  }
}

declare module 'rdf-canonize/lib/NQuads.js' {
  import type { RdfTerm } from 'rdf-canonize/lib/RDFC10Sync.js';
  /** The N-Quads serializer RDFC-1.0 uses (the tests compare core's term texts with it). */
  export default class NQuads {
    static serializeQuadComponents(subject: RdfTerm, predicate: RdfTerm, object: RdfTerm, graph: RdfTerm): string;
  }
}
