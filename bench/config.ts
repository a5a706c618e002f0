import type { PlainPlacement } from './plainBaseline.ts';

/** Bench settings from the environment (the only place the bench reads process.env). */
export interface BenchConfig {
  /** A PostgreSQL to measure on as well as PGlite (its database is used for scratch tables). */
  readonly postgresUrl: string | undefined;
  /** Fewer iterations, for a smoke run. */
  readonly quick: boolean;
  /** Run only these sections (`log`, `issue`, `verify`), comma-separated in BENCH_ONLY. */
  readonly only: readonly string[] | undefined;
  /** Where the verify scenarios' plain call runs: BENCH_PLAIN=event-loop (default) or thread (bench/plainBaseline.ts). */
  readonly plain: PlainPlacement;
}

export function loadBenchConfig(env: Readonly<Record<string, string | undefined>> = process.env): BenchConfig {
  const url = env.BENCH_DATABASE_URL ?? env.TEST_DATABASE_URL;
  const plain = env.BENCH_PLAIN ?? 'event-loop';
  if (plain !== 'event-loop' && plain !== 'thread') throw new Error(`BENCH_PLAIN must be "event-loop" or "thread", not "${plain}"`);
  return {
    postgresUrl: url === undefined || url === '' ? undefined : url,
    quick: env.BENCH_QUICK === '1',
    only: env.BENCH_ONLY ? env.BENCH_ONLY.split(',').map((s) => s.trim()) : undefined,
    plain,
  };
}
