/**
 * PostgreSQL resolves a deadlock (40P01) or a serialization failure (40001) by aborting one of the
 * transactions; the work it did is rolled back whole, so running it again is safe. Lock order is
 * kept consistent (lists by id) to make this rare — e.g. a list rolling over to a new one while a
 * status change touches both old lists.
 */
const RETRYABLE = new Set(['40P01', '40001']);

export function isRetryableConflict(error: unknown): boolean {
  return typeof error === 'object' && error !== null && RETRYABLE.has(String((error as { code?: unknown }).code));
}

export async function retryOnConflict<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts || !isRetryableConflict(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 10));
    }
  }
}
