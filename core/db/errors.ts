/** PostgreSQL SQLSTATE 23505: a unique constraint refused the write (a race the pre-check lost). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}
