/** Bench settings from the environment (the only place the bench reads process.env). */
export interface BenchConfig {
  /** A PostgreSQL to measure on as well as PGlite (its database is used for scratch tables). */
  readonly postgresUrl: string | undefined;
  /** Fewer iterations, for a smoke run. */
  readonly quick: boolean;
  /** Run only these sections (`log`, `issue`, `verify`), comma-separated in BENCH_ONLY. */
  readonly only: readonly string[] | undefined;
}

export function loadBenchConfig(env: Readonly<Record<string, string | undefined>> = process.env): BenchConfig {
  const url = env.BENCH_DATABASE_URL ?? env.TEST_DATABASE_URL;
  return {
    postgresUrl: url === undefined || url === '' ? undefined : url,
    quick: env.BENCH_QUICK === '1',
    only: env.BENCH_ONLY ? env.BENCH_ONLY.split(',').map((s) => s.trim()) : undefined,
  };
}
