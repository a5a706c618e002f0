import {
  initialContext,
  isKeyword,
  processLocalContext,
  type ActiveContext,
  type ScopeFlags,
  type TermDefinition,
} from './contextProcessing.ts';
import { ContextPending, notModelled } from './signals.ts';

/**
 * An active context as the fast walk sees it: jsonld.js's processed context plus the context a
 * type-scoped one reverts to, with every context derived from it (embedded @context, type-scoped,
 * property-scoped) memoised. Derivations are computed once, asynchronously, by jsonld.js itself;
 * the walk is synchronous and throws `ContextPending` when it needs one not computed yet.
 */

/** Upper bound on memoised contexts: a stream of odd documents must not grow memory without end. */
const MAX_CONTEXTS = 2000;
let contextCount = 0;
let processedCount = 0;

type Derivation =
  | { readonly state: 'ready'; readonly context: ScopedContext }
  | { readonly state: 'failed'; readonly reason: string }
  | { readonly state: 'pending'; readonly ready: Promise<void> };

export class ScopedContext {
  readonly id: number;
  private readonly derivations = new Map<string, Derivation>();

  private constructor(
    readonly active: ActiveContext,
    /** What a type-scoped context reverts to when the walk enters a nested node object. */
    readonly previous: ScopedContext | null,
  ) {
    contextCount += 1;
    this.id = contextCount;
  }

  static initial(): ScopedContext {
    return new ScopedContext(initialContext(), null);
  }

  /** The context a nested node object starts from (type-scoped definitions dropped). */
  reverted(): ScopedContext {
    return this.previous ?? this;
  }

  /** The term's definition; `null` for a term explicitly mapped to null, undefined when not a term. */
  definition(term: string): TermDefinition | null | undefined {
    return this.active.mappings.get(term);
  }

  hasTerm(term: string): boolean {
    return this.active.mappings.has(term);
  }

  /** What a key expands to (an IRI or a keyword), or undefined when it is neither a keyword nor a term. */
  keyMeaning(key: string): string | undefined {
    if (isKeyword(key)) return key;
    const definition = this.active.mappings.get(key);
    if (definition === null) notModelled(`term "${key}" is explicitly undefined (null)`);
    const id = definition?.['@id'];
    return typeof id === 'string' ? id : undefined;
  }

  /** jsonld.js `getContextValue(ctx, term, '@language' | '@direction')`: the term's own value, else the default. */
  textDefault(term: string, entry: '@language' | '@direction'): unknown {
    const definition = this.active.mappings.get(term);
    if (definition && Object.hasOwn(definition, entry)) return definition[entry];
    return Object.hasOwn(this.active, entry) ? this.active[entry] : null;
  }

  /** This context with `local` processed onto it (memoised under `key`). */
  derive(key: string, local: unknown, flags: ScopeFlags): ScopedContext {
    const known = this.derivations.get(key);
    if (known?.state === 'ready') return known.context;
    if (known?.state === 'failed') notModelled(known.reason);
    if (known?.state === 'pending') throw new ContextPending(known.ready);
    if (contextCount >= MAX_CONTEXTS) notModelled('too many distinct scoped contexts to memoise');
    const ready = processLocalContext(this.active, local, flags).then(
      (active) => {
        processedCount += 1;
        // jsonld.js keeps a previous context only through non-propagated contexts: it is this one
        // (a first type-scoped context) or the one this context already reverts to.
        const previous = active.previousContext ? (this.previous ?? this) : null;
        this.derivations.set(key, { state: 'ready', context: new ScopedContext(active, previous) });
      },
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        this.derivations.set(key, { state: 'failed', reason: `context processing failed: ${message}` });
      },
    );
    this.derivations.set(key, { state: 'pending', ready });
    throw new ContextPending(ready);
  }
}

/** How many contexts jsonld.js has processed for the fast path so far (a warm path adds none). */
export function processedContextCount(): number {
  return processedCount;
}

export { isKeyword };
