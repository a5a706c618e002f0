import contextApi, { type ActiveContext, type ContextProcessingOptions } from 'jsonld/lib/context.js';
import events from 'jsonld/lib/events.js';
import { documentLoader } from '../documentLoader.ts';
import { freshContextResolver } from './freshContextResolver.ts';

/**
 * jsonld.js's own context processing (lib/context.js), called with exactly the flags its expansion
 * algorithm uses, so every term table the fast path reads is the one jsonld.js would build. Only
 * the bundled contexts are ever resolved (the offline loader), in safe mode like `jsonld.canonize`.
 */

export type { ActiveContext, TermDefinition } from 'jsonld/lib/context.js';

export interface ScopeFlags {
  /** false for type-scoped contexts: they do not reach nested node objects. */
  readonly propagate: boolean;
  /** true for property-scoped contexts: they may redefine protected terms. */
  readonly overrideProtected: boolean;
}

/**
 * A resolver per derivation (freshContextResolver.ts): the fast path memoises each derived context
 * itself (scopedContext.ts), so jsonld.js's own cache would only carry one document's warnings into
 * another's derivation.
 */
function options(): ContextProcessingOptions {
  return { documentLoader, base: null, contextResolver: freshContextResolver(), eventHandler: [events.safeEventHandler] };
}

/** The context every top-level document starts from (jsonld.canonize sets no processing mode). */
export function initialContext(): ActiveContext {
  return contextApi.getInitialContext({});
}

export function processLocalContext(active: ActiveContext, local: unknown, flags: ScopeFlags): Promise<ActiveContext> {
  return contextApi.process({ activeCtx: active, localCtx: local, options: options(), ...flags });
}

export function isKeyword(value: string): boolean {
  return contextApi.isKeyword(value);
}
