/**
 * Benchmark measurement shared by every scenario. Ratios are only ever computed between
 * measurements taken interleaved in the same process run (never across runs), so machine noise
 * hits both sides alike.
 */
export interface BenchResult {
  readonly scenario: string;
  readonly opsPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** ops/s of this scenario divided by ops/s of its plain-library baseline, measured interleaved. */
  readonly ratioVsPlain?: number;
  /** The same ratio round by round (each round: a candidate slice and the baseline slice after it). */
  readonly ratioPerRound?: RatioSpread;
  readonly samples?: number;
  readonly notes?: string;
}

/** How a ratio varied between the rounds of one interleaved measurement. */
export interface RatioSpread {
  readonly rounds: number;
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

function spreadOf(roundRatios: readonly number[]): RatioSpread | undefined {
  if (roundRatios.length === 0) return undefined;
  const sorted = [...roundRatios].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  const median = sorted.length % 2 === 1 ? (sorted[Math.floor(middle)] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { rounds: sorted.length, min: round(sorted[0] as number, 2), median: round(median, 2), max: round(sorted[sorted.length - 1] as number, 2) };
}

/** The ratio fields of a result: the whole measurement's ratio and its spread over the rounds. */
export function ratioFields(ratio: number | undefined, roundRatios: readonly number[] | undefined): Pick<BenchResult, 'ratioVsPlain' | 'ratioPerRound'> {
  const spread = roundRatios === undefined ? undefined : spreadOf(roundRatios);
  return { ...(ratio === undefined ? {} : { ratioVsPlain: round(ratio, 2) }), ...(spread === undefined ? {} : { ratioPerRound: spread }) };
}

export interface Timing {
  readonly samplesMs: number[];
  readonly totalMs: number;
  /** How many operations each sample covers (a batch of 100 counts 100). */
  readonly opsPerSample: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export function summarize(scenario: string, timing: Timing, extra: { ratioVsPlain?: number; roundRatios?: readonly number[]; notes?: string } = {}): BenchResult {
  const sorted = [...timing.samplesMs].sort((a, b) => a - b);
  const ops = timing.samplesMs.length * timing.opsPerSample;
  return {
    scenario,
    opsPerSec: round((ops / timing.totalMs) * 1000),
    p50Ms: round(percentile(sorted, 50), 3),
    p99Ms: round(percentile(sorted, 99), 3),
    samples: timing.samplesMs.length,
    ...ratioFields(extra.ratioVsPlain, extra.roundRatios),
    ...(extra.notes === undefined ? {} : { notes: extra.notes }),
  };
}

function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function sum(samplesMs: readonly number[]): number {
  return samplesMs.reduce((total, ms) => total + ms, 0);
}

async function timeOnce(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Runs `fn` `iterations` times after `warmup` untimed runs. */
export async function measure(fn: () => Promise<unknown>, options: { iterations: number; warmup?: number; opsPerSample?: number }): Promise<Timing> {
  for (let i = 0; i < (options.warmup ?? Math.min(10, options.iterations)); i++) await fn();
  const samplesMs: number[] = [];
  for (let i = 0; i < options.iterations; i++) samplesMs.push(await timeOnce(fn));
  return { samplesMs, totalMs: sum(samplesMs), opsPerSample: options.opsPerSample ?? 1 };
}

/** Both sides of an interleaved measurement, the ratio of their rates, and that ratio round by round. */
export interface InterleavedTimings {
  readonly candidate: Timing;
  readonly baseline: Timing;
  readonly ratio: number;
  readonly roundRatios: readonly number[];
}

/**
 * Measures a candidate and its baseline alternately (A B A B …) in rounds, so both see the same
 * machine state, and returns both timings plus the throughput ratio candidate / baseline.
 */
export async function measureInterleaved(
  candidate: () => Promise<unknown>,
  baseline: () => Promise<unknown>,
  options: { rounds: number; perRound: number; warmup?: number; candidateOpsPerSample?: number; baselineOpsPerSample?: number },
): Promise<InterleavedTimings> {
  for (let i = 0; i < (options.warmup ?? 5); i++) {
    await candidate();
    await baseline();
  }
  const a: number[] = [];
  const b: number[] = [];
  const roundRatios: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const roundA: number[] = [];
    const roundB: number[] = [];
    for (let i = 0; i < options.perRound; i++) roundA.push(await timeOnce(candidate));
    for (let i = 0; i < options.perRound; i++) roundB.push(await timeOnce(baseline));
    a.push(...roundA);
    b.push(...roundB);
    // Equal operation counts per side and round: the ratio of rates is the inverse ratio of times.
    roundRatios.push(((options.candidateOpsPerSample ?? 1) / sum(roundA)) / ((options.baselineOpsPerSample ?? 1) / sum(roundB)));
  }
  const candidateTiming = { samplesMs: a, totalMs: sum(a), opsPerSample: options.candidateOpsPerSample ?? 1 };
  const baselineTiming = { samplesMs: b, totalMs: sum(b), opsPerSample: options.baselineOpsPerSample ?? 1 };
  const rate = (t: Timing) => (t.samplesMs.length * t.opsPerSample) / t.totalMs;
  return { candidate: candidateTiming, baseline: baselineTiming, ratio: rate(candidateTiming) / rate(baselineTiming), roundRatios };
}

const MIN_BASELINE_CALLS_PER_ROUND = 2;

/** Calls `fn` one at a time until at least `minCalls` calls and `ms` of wall time; the latencies. */
export async function runSlice(fn: () => Promise<unknown>, minCalls: number, ms: number): Promise<number[]> {
  const samples: number[] = [];
  let used = 0;
  while (samples.length < minCalls || used < ms) {
    const sample = await timeOnce(fn);
    samples.push(sample);
    used += sample;
  }
  return samples;
}

/**
 * A baseline: one call on this event loop, or a runner of whole slices elsewhere (the plain call
 * on its own worker thread, bench/plainVerifyThread.ts).
 */
export type Baseline = (() => Promise<unknown>) | { readonly slice: (minCalls: number, ms: number) => Promise<number[]> };

/** The baseline as a runner of slices (see runSlice). */
export function sliceOf(baseline: Baseline): (minCalls: number, ms: number) => Promise<number[]> {
  return typeof baseline === 'function' ? (minCalls, ms) => runSlice(baseline, minCalls, ms) : baseline.slice;
}

/**
 * Throughput of a service under `concurrency` closed-loop clients, interleaved round by round with
 * a baseline called one at a time (the plain library call as an application makes it). Each round
 * runs `perRound` candidate operations, then calls the baseline until it has had as much wall time
 * as the candidate just took (at least two calls): equal time slices, so that both sides see the
 * same machine and the same process state (a slice of 30 ms against one of 1.7 s would be decided
 * by whether one garbage collection of the other side's garbage falls into it). Samples are
 * per-operation latencies; throughput is operations over the wall time each side took.
 */
export async function measureInterleavedConcurrent(
  candidate: () => Promise<unknown>,
  baseline: Baseline,
  options: { rounds: number; perRound: number; concurrency: number; warmup?: number },
): Promise<InterleavedTimings> {
  const slice = sliceOf(baseline);
  for (let i = 0; i < (options.warmup ?? 3); i++) {
    await candidate();
    await slice(1, 0);
  }
  const a: number[] = [];
  const b: number[] = [];
  let wallA = 0;
  let wallB = 0;
  const roundRatios: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    let left = options.perRound;
    const started = process.hrtime.bigint();
    const client = async () => {
      while (left > 0) {
        left -= 1;
        a.push(await timeOnce(candidate));
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, client));
    const sliceMs = Number(process.hrtime.bigint() - started) / 1e6;
    wallA += sliceMs;
    const baselineSamples = await slice(MIN_BASELINE_CALLS_PER_ROUND, sliceMs);
    b.push(...baselineSamples);
    const baselineMs = sum(baselineSamples);
    wallB += baselineMs;
    roundRatios.push((options.perRound / sliceMs) / (baselineSamples.length / baselineMs));
  }
  const candidateTiming = { samplesMs: a, totalMs: wallA, opsPerSample: 1 };
  const baselineTiming = { samplesMs: b, totalMs: wallB, opsPerSample: 1 };
  return { candidate: candidateTiming, baseline: baselineTiming, ratio: (a.length / wallA) / (b.length / wallB), roundRatios };
}
