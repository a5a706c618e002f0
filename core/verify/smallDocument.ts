/**
 * Whether a JSON document is at most `limit` units of work: each object, array or scalar one unit,
 * a string one more per 64 characters. Decides after at most `limit` + 1 values: a bounded look at
 * how much work a document is before it is given to the event loop (proofVerifier.ts).
 */
export function isSmallDocument(document: unknown, limit: number): boolean {
  let units = 0;
  const pending: unknown[] = [document];
  while (pending.length > 0) {
    const value = pending.pop();
    units += typeof value === 'string' ? 1 + Math.floor(value.length / 64) : 1;
    if (units > limit) return false;
    if (Array.isArray(value)) pending.push(...value);
    else if (value !== null && typeof value === 'object') pending.push(...Object.values(value));
  }
  return true;
}
