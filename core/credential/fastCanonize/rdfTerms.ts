import type { RdfQuad, RdfTerm } from 'rdf-canonize/lib/RDFC10Sync.js';
import { notModelled } from './signals.ts';

/**
 * RDF terms exactly as jsonld.js's toRdf.js builds them, for the values the fast path accepts.
 * Anything whose rendering depends on a rule not reproduced here is refused (`notModelled`).
 */

export type { RdfQuad, RdfTerm };

export const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
export const RDF_LANGSTRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';
const RDF_JSON = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
export const XSD_STRING = `${XSD}string`;
const XSD_BOOLEAN = `${XSD}boolean`;
const XSD_INTEGER = `${XSD}integer`;
const XSD_DOUBLE = `${XSD}double`;

export const DEFAULT_GRAPH: RdfTerm = Object.freeze({ termType: 'DefaultGraph', value: '' });

/** jsonld.js url.isAbsolute (its scheme class `[A-Za-z0-9+-.]` is the range + , - .). */
const JSONLD_ABSOLUTE_IRI = /^([A-Za-z][A-Za-z0-9+-.]*|_):[^\s]*$/;
/** Narrower on purpose: a plain scheme and no character N-Quads would need to escape. */
const SAFE_ABSOLUTE_IRI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s\u0000-\u001f\u007f<>"{}|^`\\]*$/;

/** An IRI that jsonld.js treats as absolute and that is not a blank node identifier. */
export function isPlainAbsoluteIri(value: string): boolean {
  return SAFE_ABSOLUTE_IRI.test(value) && JSONLD_ABSOLUTE_IRI.test(value) && !value.startsWith('_:');
}

export function namedNode(iri: string): RdfTerm {
  if (!isPlainAbsoluteIri(iri)) notModelled(`"${iri.slice(0, 80)}" is not an absolute IRI the fast path renders`);
  return { termType: 'NamedNode', value: iri };
}

export function blankNode(label: string): RdfTerm {
  return { termType: 'BlankNode', value: label };
}

/** A datatype IRI from a term's `@type` coercion that toRdf.js renders without special rules. */
export function checkDatatype(datatype: string): void {
  if (datatype === XSD_DOUBLE || datatype === RDF_LANGSTRING || datatype === RDF_JSON || !isPlainAbsoluteIri(datatype)) {
    notModelled(`datatype "${datatype}" is not modelled`);
  }
}

/**
 * toRdf.js `_objectToRDF` for a native JSON value with an optional datatype coercion: booleans as
 * "true"/"false", numbers with a '.' in their JS string form (or ≥ 1e21) in canonical double form
 * ("2.5E0"), other numbers with toFixed(0), strings as they are; xsd:boolean / xsd:double /
 * xsd:integer / xsd:string when no datatype is coerced.
 */
export function literal(value: unknown, datatype: string | null): RdfTerm {
  if (typeof value === 'boolean') return typedLiteral(value.toString(), datatype ?? XSD_BOOLEAN);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) notModelled('a number that is not finite');
    if (String(value).includes('.') || Math.abs(value) >= 1e21) {
      return typedLiteral(value.toExponential(15).replace(/(\d)0*e\+?/, '$1E'), datatype ?? XSD_DOUBLE);
    }
    return typedLiteral(value.toFixed(0), datatype ?? XSD_INTEGER);
  }
  if (typeof value === 'string') return typedLiteral(value, datatype ?? XSD_STRING);
  return notModelled(`a value of type ${typeof value}`);
}

function typedLiteral(value: string, datatype: string): RdfTerm {
  return { termType: 'Literal', value, datatype: { termType: 'NamedNode', value: datatype } };
}
