import { bundledContexts } from '../contexts.ts';
import {
  blankNode,
  checkDatatype,
  DEFAULT_GRAPH,
  isPlainAbsoluteIri,
  literal,
  namedNode,
  RDF_TYPE,
  type RdfQuad,
  type RdfTerm,
} from './rdfTerms.ts';
import { isKeyword, ScopedContext } from './scopedContext.ts';
import { notModelled } from './signals.ts';

/**
 * The RDF dataset of a compacted JSON-LD document, computed the way jsonld.js's expand + toRDF
 * would (lib/expand.js `expand`/`_expandObject`/`_expandValue`, lib/nodeMap.js, lib/toRdf.js),
 * for the subset RadCred signs: bundled context URLs, defined terms, @id/@vocab/datatype
 * coercion, @set and @graph containers, type- and property-scoped contexts. Every branch jsonld.js
 * would take differently, drop silently, or reject in safe mode ends in `notModelled`.
 */

export interface DocumentQuads {
  readonly quads: readonly RdfQuad[];
  /** Every context URL the document uses (the caller checks its loader serves the bundled ones). */
  readonly contextUrls: ReadonlySet<string>;
}

const PROPAGATED = { propagate: true, overrideProtected: false } as const;
const TYPE_SCOPED = { propagate: false, overrideProtected: false } as const;
const PROPERTY_SCOPED = { propagate: true, overrideProtected: true } as const;

/** Nesting deeper than this is not something RadCred signs (and would risk the stack). */
const MAX_DEPTH = 32;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return Object.prototype.toString.call(value) === '[object Object]';
}

/** The context URLs of an `@context` entry: bundled URLs only, as a string or non-empty array. */
function contextUrlsOf(value: unknown): readonly string[] {
  const urls = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(urls) || urls.length === 0) notModelled('@context is not a URL or a non-empty array of URLs');
  for (const url of urls) {
    if (typeof url !== 'string') notModelled('@context holds an inline context or a non-string');
    if (!bundledContexts.has(url)) notModelled(`@context "${url.slice(0, 100)}" is not a bundled context`);
  }
  return urls as readonly string[];
}

/** jsonld.js `_expandIri(ctx, value, {base: true})` for the IRIs the fast path accepts. */
function expandIdIri(context: ScopedContext, value: unknown): string {
  if (typeof value !== 'string') return notModelled('an @id value that is not a string');
  if (value.startsWith('@')) notModelled('a keyword-like @id value');
  const colon = value.indexOf(':');
  if (colon <= 0) notModelled('a relative IRI');
  const prefix = value.slice(0, colon);
  if (prefix === '_') notModelled('a blank node identifier');
  // A term named like the scheme could make this a compact IRI.
  if (!value.startsWith('//', colon + 1) && context.hasTerm(prefix)) notModelled(`"${prefix}:" may be a compact IRI prefix`);
  if (!isPlainAbsoluteIri(value)) notModelled('an IRI the fast path does not render');
  return value;
}

/** jsonld.js `_expandIri(ctx, value, {vocab: true, base: true})`: a defined term, else an absolute IRI. */
function expandVocabIri(context: ScopedContext, value: string, allowIri: boolean): string {
  if (value.startsWith('@')) notModelled('a keyword-like type or vocabulary value');
  const definition = context.definition(value);
  if (definition === null) notModelled(`"${value}" is explicitly undefined (null)`);
  if (definition !== undefined) {
    const id = definition['@id'];
    if (typeof id !== 'string' || !isPlainAbsoluteIri(id)) return notModelled(`term "${value}" does not map to an IRI`);
    return id;
  }
  if (!allowIri) notModelled(`type "${value.slice(0, 100)}" is not a defined term`);
  return expandIdIri(context, value);
}

class Walk {
  readonly quads: RdfQuad[] = [];
  readonly contextUrls = new Set<string>();
  private readonly seen = new Set<string>();
  private blankNodes = 0;

  freshBlankNode(): RdfTerm {
    const node = blankNode(`b${this.blankNodes}`);
    this.blankNodes += 1;
    return node;
  }

  /**
   * Adds a quad unless the same subject already has this value for this predicate in this graph.
   * "Same" is jsonld.js's node-map test on *expanded* values (`util.compareValues`), not on RDF
   * terms: 0 and 5e-324 both render "0" yet stay two quads, as do "x" and "x" coerced to
   * xsd:string. `identity` encodes an expanded literal; references are identified by IRI/label.
   */
  emit(subject: RdfTerm, predicate: string, object: RdfTerm, graph: RdfTerm, identity?: string): void {
    const objectKey = identity ?? `${object.termType}\u0000${object.value}`;
    const key = `${graph.termType}\u0000${graph.value}\u0000${subject.termType}\u0000${subject.value}\u0000${predicate}\u0000${objectKey}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.quads.push({ subject, predicate: { termType: 'NamedNode', value: predicate }, object, graph });
  }

  /**
   * One node object: jsonld.js `expand` (context reversion, property-scoped, embedded and
   * type-scoped contexts) then `_expandObject`. Returns the node's subject term. `standalone`:
   * the node is top-level or a @graph container value, where jsonld.js drops (and safe mode
   * rejects) an empty node or one with only an @id.
   */
  node(
    element: Record<string, unknown>,
    incoming: ScopedContext,
    activeProperty: string | null,
    graph: RdfTerm,
    standalone: boolean,
    depth: number,
  ): RdfTerm {
    if (depth > MAX_DEPTH) notModelled('nesting too deep');
    const keys = Object.keys(element).sort();
    if (keys.length === 0) notModelled('an empty object');

    // A type-scoped context in effect is reverted for a nested node, except for a lone @id reference.
    let mustRevert = true;
    if (incoming.previous !== null && keys.length <= 2 && !keys.includes('@context')) {
      for (const key of keys) {
        const meaning = peekMeaning(incoming, key);
        if (meaning === '@value') notModelled('a value object');
        if (meaning === '@id' && keys.length === 1) {
          mustRevert = false;
          break;
        }
      }
    }
    let context = mustRevert ? incoming.reverted() : incoming;

    if (activeProperty !== null) {
      const definition = incoming.definition(activeProperty);
      if (definition && definition['@context'] !== undefined) {
        context = context.derive(`P${incoming.id}:${activeProperty}`, definition['@context'], PROPERTY_SCOPED);
      }
    }

    if (Object.hasOwn(element, '@context')) {
      const urls = contextUrlsOf(element['@context']);
      for (const url of urls) this.contextUrls.add(url);
      context = context.derive(`C${JSON.stringify(urls)}`, urls, PROPAGATED);
    }

    // Type-scoped contexts, looked up in the context before any of them applies, in sorted order.
    const typeScoped = context;
    let typeKey: string | undefined;
    for (const key of keys) {
      if (key !== '@context' && context.keyMeaning(key) === '@type') {
        if (typeKey !== undefined) notModelled('two keys expand to @type');
        typeKey = key;
      }
    }
    let types: readonly string[] = [];
    if (typeKey !== undefined) {
      const value = element[typeKey];
      if (typeof value === 'string') types = [value];
      else if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')) types = value as string[];
      else notModelled('@type is not a string or a non-empty array of strings');
      for (const type of types.length > 1 ? [...types].sort() : types) {
        const definition = typeScoped.definition(type);
        if (definition === null) notModelled(`type "${type}" is explicitly undefined (null)`);
        if (definition && definition['@context'] !== undefined) {
          context = context.derive(`T${typeScoped.id}:${type}`, definition['@context'], TYPE_SCOPED);
        }
      }
      // jsonld.js checks the first type against the final context for @json.
      if (peekMeaning(context, types[0] as string) === '@json') notModelled('a JSON literal type');
    }

    // First pass: meanings of keys, the subject.
    let subject: RdfTerm | undefined;
    let typeKeyKept = false;
    const properties: { key: string; iri: string }[] = [];
    for (const key of keys) {
      if (key === '@context') continue;
      const meaning = context.keyMeaning(key);
      if (meaning === undefined) notModelled(`"${key.slice(0, 100)}" is not a defined term`);
      if (meaning === '@id') {
        if (subject !== undefined) notModelled('two keys expand to @id');
        subject = namedNode(expandIdIri(context, element[key]));
      } else if (meaning === '@type') {
        if (key !== typeKey) notModelled('type-scoped contexts change which key is @type');
        typeKeyKept = true;
      } else if (isKeyword(meaning)) {
        notModelled(`keyword ${meaning} is not modelled`);
      } else {
        if (!isPlainAbsoluteIri(meaning)) notModelled(`term "${key}" does not expand to an absolute IRI`);
        properties.push({ key, iri: meaning });
      }
    }
    if (typeKey !== undefined && !typeKeyKept) notModelled('type-scoped contexts redefine the @type key');
    const self = subject ?? this.freshBlankNode();

    for (const type of types) this.emit(self, RDF_TYPE, namedNode(expandVocabIri(typeScoped, type, false)), graph);

    // Second pass: property values (jsonld.js `_expandObject`).
    const expandedKeys = new Set<string>();
    for (const { key, iri } of properties) {
      const definition = context.definition(key);
      if (!definition) return notModelled(`term "${key}" has no definition`);
      if (definition.reverse === true) notModelled('a reverse property');
      if (definition['@index'] !== undefined || definition['@nest'] !== undefined) notModelled('@index / @nest');
      const container = definition['@container'] ?? [];
      if (!container.every((c) => c === '@set' || c === '@graph')) notModelled(`container ${container.join(' ')}`);
      const asGraph = container.includes('@graph');
      if (definition['@type'] === '@json') notModelled('a JSON literal term');

      const termContext =
        definition['@context'] !== undefined ? context.derive(`P${context.id}:${key}`, definition['@context'], PROPERTY_SCOPED) : context;
      if ((termContext.definition(key)?.['@container'] ?? []).includes('@list')) notModelled('a @list container');

      const value = element[key];
      const items = Array.isArray(value) ? value : [value];
      // An empty @graph-container value adds no key to the expanded node; any other value does.
      if (!(asGraph && items.length === 0)) expandedKeys.add(iri);
      for (const item of items) {
        if (Array.isArray(item)) notModelled('an array inside an array');
        if (isPlainObject(item)) {
          if (asGraph) {
            const graphName = this.freshBlankNode();
            this.emit(self, iri, graphName, graph);
            this.node(item, termContext, key, graphName, true, depth + 1);
          } else {
            this.emit(self, iri, this.node(item, termContext, key, graph, false, depth + 1), graph);
          }
        } else {
          if (asGraph) notModelled('a non-object value in a @graph container');
          const { term, identity } = valueTerm(termContext, key, item);
          this.emit(self, iri, term, graph, identity);
        }
      }
    }

    // jsonld.js drops (safe mode: rejects) an empty node, or a lone @id at the top or in a @graph
    // container — judged by the container `activeProperty` has in this node's final context too.
    const dropChecked =
      standalone || activeProperty === null || (context.definition(activeProperty)?.['@container'] ?? []).includes('@graph');
    const count = (subject ? 1 : 0) + (types.length > 0 ? 1 : 0) + expandedKeys.size;
    if (count === 0 || (dropChecked && count === 1 && subject)) notModelled('a node object jsonld.js would drop');
    return self;
  }
}

/** What a key expands to, without refusing anything (jsonld.js's reversion check). */
function peekMeaning(context: ScopedContext, key: string): string | undefined {
  if (isKeyword(key)) return key;
  const id = context.definition(key)?.['@id'];
  return typeof id === 'string' ? id : undefined;
}

/** The expanded value object {@value, @type?} as jsonld.js's `compareValues` tells values apart (0 and -0 are equal). */
function literalIdentity(value: unknown, coercedType: string | null): string {
  const raw = typeof value === 'number' && value === 0 ? '0' : String(value);
  return `Literal\u0000${typeof value}\u0000${coercedType ?? ''}\u0000${raw}`;
}

/** jsonld.js `_expandValue` + toRdf.js for a scalar value of `key`, read in the term's own context. */
function valueTerm(context: ScopedContext, key: string, value: unknown): { term: RdfTerm; identity?: string } {
  const meaning = context.keyMeaning(key);
  if (meaning === undefined || isKeyword(meaning)) notModelled(`term "${key}" changes meaning in its own scoped context`);
  const definition = context.definition(key);
  const type = definition && Object.hasOwn(definition, '@type') ? definition['@type'] : null;
  if (type === '@id' || type === '@vocab') {
    if (typeof value !== 'string') notModelled(`a non-string value for the IRI-valued term "${key}"`);
    return { term: namedNode(type === '@id' ? expandIdIri(context, value) : expandVocabIri(context, value, true)) };
  }
  if (typeof type === 'string') {
    if (isKeyword(type)) notModelled(`coercion ${type}`);
    checkDatatype(type);
    return { term: literal(value, type), identity: literalIdentity(value, type) };
  }
  if (typeof value === 'string' && (context.textDefault(key, '@language') !== null || context.textDefault(key, '@direction') !== null)) {
    notModelled('a language-tagged or directional string');
  }
  return { term: literal(value, null), identity: literalIdentity(value, null) };
}

/** The RDF dataset of `document`, given the root (initial) context. Throws NotModelled / ContextPending. */
export function documentQuads(document: unknown, root: ScopedContext): DocumentQuads {
  if (!isPlainObject(document)) notModelled('the document is not a JSON object');
  if (!Object.hasOwn(document, '@context')) notModelled('the document has no @context');
  const walk = new Walk();
  walk.node(document, root, null, DEFAULT_GRAPH, true, 0);
  return { quads: walk.quads, contextUrls: walk.contextUrls };
}
