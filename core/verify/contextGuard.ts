import { bundledContexts } from '../credential/contexts.ts';

/**
 * Refuses a document whose `@context` (anywhere in it: presentation, embedded credentials, proofs)
 * names anything but a bundled context, before any JSON-LD processing starts. The offline document
 * loader would refuse too, but checking first gives one clear reason and guarantees that nothing —
 * not even a library that caches or prefetches — ever sees the URL. Inline context objects are
 * refused as well: they can redefine signed terms or `@import` a remote context.
 */
export interface ContextViolation {
  /** Dotted path of the offending `@context`. */
  readonly path: string;
  readonly reason: string;
}

function shown(value: string): string {
  return value.length > 120 ? `${value.slice(0, 120)}…` : value;
}

/** An object or array still to visit, and how it was reached (for the path of a violation). */
interface Frame {
  readonly value: object;
  readonly parent: Frame | undefined;
  readonly key: string | number | undefined;
}

/** `a.b[2].c` for the keys leading from the document to a value. */
function pathOf(frame: Frame, ...last: Array<string | number>): string {
  const keys: Array<string | number> = [];
  for (let at: Frame | undefined = frame; at?.key !== undefined; at = at.parent) keys.push(at.key);
  keys.reverse().push(...last);
  let path = '';
  for (const key of keys) path = typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;
  return path;
}

/**
 * Walks the document depth first with an explicit stack (a deeply nested body cannot overflow the
 * call stack) and builds a path only for the violation it reports: every request runs this over
 * the whole presentation, so it allocates one small frame per object or array and nothing per
 * leaf (tested against the plain path-building walk in test/contextGuard.test.ts).
 */
export function findContextViolation(document: unknown): ContextViolation | undefined {
  if (document === null || typeof document !== 'object') return undefined;
  const stack: Frame[] = [{ value: document, parent: undefined, key: undefined }];
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    const { value } = frame;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (item !== null && typeof item === 'object') stack.push({ value: item, parent: frame, key: i });
      }
      continue;
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const child = record[key];
      if (key !== '@context') {
        if (child !== null && typeof child === 'object') stack.push({ value: child, parent: frame, key });
        continue;
      }
      const list = Array.isArray(child);
      const entries: readonly unknown[] = list ? child : [child];
      for (let i = 0; i < entries.length; i++) {
        const entry = entries[i];
        if (typeof entry === 'string' && bundledContexts.has(entry)) continue;
        const path = list ? pathOf(frame, key, i) : pathOf(frame, key);
        if (typeof entry !== 'string') return { path, reason: 'an inline @context object is not accepted (only bundled context URLs)' };
        return { path, reason: `the context "${shown(entry)}" is not one this verifier bundles; remote contexts are never fetched` };
      }
    }
  }
  return undefined;
}
