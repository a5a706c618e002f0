import { RDF_LANGSTRING, XSD_STRING, type RdfTerm } from './rdfTerms.ts';

/**
 * N-Quads text of single RDF terms, byte for byte as rdf-canonize 5's
 * `NQuads.serializeQuadComponents` writes them (its escapes are module-private, so they are
 * restated here; core/credential/test/canonicalNQuads.test.ts checks them against the library on
 * arbitrary strings).
 */

const IRI_ESCAPE = /[\u0000-\u0020<>"{}|^`\\]/g;
const IRI_ESCAPE_TEST = /[\u0000-\u0020<>"{}|^`\\]/;

/** UCHAR `\uXXXX` (upper-case hex), as rdf-canonize's `_iriEscape`. */
function iriEscape(iri: string): string {
  if (!IRI_ESCAPE_TEST.test(iri)) return iri;
  return iri.replace(IRI_ESCAPE, uchar);
}

const LITERAL_ESCAPE = /[\u0000-\u001F\u007F"\\]/g;
const LITERAL_ESCAPE_TEST = /[\u0000-\u001F\u007F"\\]/;
const LITERAL_ECHARS: Readonly<Record<string, string>> = { '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r', '"': '\\"', '\\': '\\\\' };

/** ECHAR for \b \t \n \f \r " and \, UCHAR for the other C0 controls and DEL (rdf-canonize's `_stringLiteralEscape`). */
function literalEscape(text: string): string {
  if (!LITERAL_ESCAPE_TEST.test(text)) return text;
  return text.replace(LITERAL_ESCAPE, (match) => LITERAL_ECHARS[match] ?? uchar(match));
}

function uchar(character: string): string {
  return `\\u${character.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0') ?? ''}`;
}

/** `<iri>` for a named node. */
export function namedNodeText(iri: string): string {
  return `<${iriEscape(iri)}>`;
}

/** `"text"`, `"text"@lang` or `"text"^^<datatype>` (xsd:string written bare). */
export function literalText(term: RdfTerm): string {
  const text = `"${literalEscape(term.value)}"`;
  const datatype = term.datatype?.value;
  if (datatype === RDF_LANGSTRING) return term.language ? `${text}@${term.language}` : text;
  if (datatype === undefined || datatype === XSD_STRING) return text;
  return `${text}^^<${iriEscape(datatype)}>`;
}
