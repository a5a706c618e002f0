import { canonicalNQuads } from './canonicalNQuads.ts';
import { documentQuads } from './documentQuads.ts';
import { ScopedContext } from './scopedContext.ts';
import { ContextPending, NotModelled } from './signals.ts';

/**
 * One attempt at the fast path: walk the document to an RDF dataset, canonicalise it. Never
 * throws: a document outside the model, or any failure at all, is a refusal with a reason.
 */

export type FastAttempt =
  | { readonly kind: 'canonized'; readonly nquads: string; readonly contextUrls: ReadonlySet<string> }
  | { readonly kind: 'refused'; readonly reason: string };

type SyncAttempt = FastAttempt | { readonly kind: 'pending'; readonly ready: Promise<void> };

/** The root of every derived context (memoised for the life of the process). */
const root = ScopedContext.initial();

/** Walks needing contexts not processed yet; each retry processes at least one more. */
const MAX_CONTEXT_ROUNDS = 64;

export function attemptSync(document: unknown): SyncAttempt {
  try {
    const { quads, contextUrls } = documentQuads(document, root);
    return { kind: 'canonized', nquads: canonicalNQuads(quads), contextUrls };
  } catch (error) {
    if (error instanceof ContextPending) return { kind: 'pending', ready: error.ready };
    if (error instanceof NotModelled) return { kind: 'refused', reason: error.message };
    // e.g. rdf-canonize's work limit, or a getter that throws: the reference reports it.
    return { kind: 'refused', reason: `unexpected failure: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** As `attemptSync`, awaiting (once each) the contexts the document needs that are not processed yet. */
export async function attemptFast(document: unknown): Promise<FastAttempt> {
  for (let round = 0; round < MAX_CONTEXT_ROUNDS; round += 1) {
    const attempt = attemptSync(document);
    if (attempt.kind !== 'pending') return attempt;
    await attempt.ready;
  }
  return { kind: 'refused', reason: 'the document needs too many scoped contexts' };
}
