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

export function findContextViolation(document: unknown): ContextViolation | undefined {
  const stack: Array<[unknown, string]> = [[document, '']];
  while (stack.length > 0) {
    const [value, path] = stack.pop() as [unknown, string];
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push([item, `${path}[${i}]`]));
      continue;
    }
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const childPath = path === '' ? key : `${path}.${key}`;
      if (key === '@context') {
        const entries = Array.isArray(child) ? child : [child];
        for (const [i, entry] of entries.entries()) {
          const at = Array.isArray(child) ? `${childPath}[${i}]` : childPath;
          if (typeof entry !== 'string') return { path: at, reason: 'an inline @context object is not accepted (only bundled context URLs)' };
          if (!bundledContexts.has(entry)) {
            return { path: at, reason: `the context "${shown(entry)}" is not one this verifier bundles; remote contexts are never fetched` };
          }
        }
        continue;
      }
      stack.push([child, childPath]);
    }
  }
  return undefined;
}
