import { bundledContexts } from './contexts.ts';
import { resolveDidKey } from './didKeyDocument.ts';
import { CredentialError } from './errors.ts';

/**
 * The offline JSON-LD document loader: bundled contexts and did:key only. Any other URL is an error
 * and is never fetched — fetching would let whoever controls (or spoofs) a URL change what signed
 * terms mean, and would make the verifier an SSRF gadget.
 *
 * Bundled contexts are returned with `tag: 'static'`, which lets jsonld.js cache their processed form
 * process-wide. Note that this cache is keyed by URL alone, so only ever give `static` to documents
 * that are the same for every loader — which is why `extraDocuments` (test fixtures) are not tagged.
 */
export interface RemoteDocument {
  contextUrl: string | null;
  documentUrl: string;
  document: unknown;
  tag?: string;
}

export type DocumentLoader = (url: string) => Promise<RemoteDocument>;

export interface DocumentLoaderOptions {
  /** More documents by URL (tests: e.g. the VC examples context of published vectors). */
  readonly extraDocuments?: ReadonlyMap<string, unknown>;
}

export function createDocumentLoader(options: DocumentLoaderOptions = {}): DocumentLoader {
  const extra = options.extraDocuments ?? new Map<string, unknown>();
  return async function offlineDocumentLoader(url: string): Promise<RemoteDocument> {
    if (typeof url !== 'string') {
      throw new CredentialError('credential.context.unknown', 'the document loader was asked for a URL that is not a string');
    }
    const bundled = bundledContexts.get(url);
    if (bundled) return { contextUrl: null, documentUrl: url, document: bundled, tag: 'static' };
    if (url.startsWith('did:key:')) {
      const { didDocument, verificationMethod } = resolveDidKey(url);
      const document = url.includes('#') ? verificationMethod : didDocument;
      return { contextUrl: null, documentUrl: url, document, tag: 'static' };
    }
    if (extra.has(url)) return { contextUrl: null, documentUrl: url, document: extra.get(url) };
    const shown = url.length > 200 ? `${url.slice(0, 200)}…` : url;
    throw new CredentialError(
      'credential.context.unknown',
      `refusing to load "${shown}": only bundled JSON-LD contexts and did:key documents are resolved (no network access)`,
    );
  };
}

/** The production loader. */
export const documentLoader: DocumentLoader = createDocumentLoader();
