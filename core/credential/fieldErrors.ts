import type { z } from 'zod';
import type { FieldError } from './errors.ts';

/**
 * zod issues as field errors with dotted paths from the credential root. An unknown key is reported
 * at its own path (zod puts it on the parent), so `credentialSubject.favouriteColour: not a … field`.
 */
export function fieldErrorsFromIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly (string | number)[] = []): FieldError[] {
  const fields: FieldError[] = [];
  for (const issue of issues) {
    const base = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? p.toString() : p))];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        fields.push({ path: joinPath([...base, key]), message: 'is not a field of this credential (undefined term)' });
      }
    } else {
      fields.push({ path: joinPath(base), message: issue.message });
    }
  }
  return fields;
}

function joinPath(parts: readonly (string | number)[]): string {
  if (parts.length === 0) return '(root)';
  return parts.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
