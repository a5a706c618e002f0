/**
 * Minimal types for jsonld.js 9 (CommonJS, untyped) and the JSON-LD context packages, covering what
 * RadCred calls. Checked against node_modules sources.
 */

declare module 'jsonld' {
  export interface RemoteDocument {
    contextUrl: string | null;
    documentUrl: string;
    document: unknown;
    tag?: string;
  }
  export type DocumentLoader = (url: string) => Promise<RemoteDocument>;
  export interface JsonLdOptions {
    documentLoader?: DocumentLoader;
    /** Throw instead of silently dropping undefined terms or relative IRIs. */
    safe?: boolean;
    base?: string | null;
    algorithm?: 'RDFC-1.0' | 'URDNA2015';
    format?: 'application/n-quads';
    rdfDirection?: 'i18n-datatype';
    produceGeneralizedRdf?: boolean;
    processingMode?: 'json-ld-1.1';
    skipExpansion?: boolean;
  }
  interface JsonLd {
    expand(input: unknown, options?: JsonLdOptions): Promise<Record<string, unknown>[]>;
    compact(input: unknown, context: unknown, options?: JsonLdOptions): Promise<Record<string, unknown>>;
    canonize(input: unknown, options?: JsonLdOptions): Promise<string>;
    toRDF(input: unknown, options?: JsonLdOptions): Promise<unknown>;
    frame(input: unknown, frame: unknown, options?: JsonLdOptions & Record<string, unknown>): Promise<Record<string, unknown>>;
  }
  const jsonld: JsonLd;
  export default jsonld;
}

declare module '@digitalbazaar/credentials-context' {
  /** `https://www.w3.org/2018/credentials/v1`, `https://www.w3.org/ns/credentials/v2`, … → context document. */
  export const contexts: ReadonlyMap<string, Record<string, unknown>>;
}

declare module '@digitalbazaar/vc-bitstring-status-list-context' {
  export const contexts: ReadonlyMap<string, Record<string, unknown>>;
  export const CONTEXT_URL: string;
}

declare module 'ed25519-signature-2020-context' {
  const pkg: { contexts: ReadonlyMap<string, Record<string, unknown>>; CONTEXT_URL: string };
  export default pkg;
}

declare module '@digitalbazaar/data-integrity-context' {
  const pkg: {
    contexts: ReadonlyMap<string, Record<string, unknown>>;
    DATA_INTEGRITY_CONTEXT_V1_URL: string;
    DATA_INTEGRITY_CONTEXT_V2_URL: string;
  };
  export default pkg;
}

declare module 'did-context' {
  const pkg: { contexts: ReadonlyMap<string, Record<string, unknown>>; DID_CONTEXT_URL: string };
  export default pkg;
}
