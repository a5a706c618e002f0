import { cpus, totalmem } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './measure.ts';
import { loadBenchConfig } from './config.ts';
import { PLAIN_PLACEMENT_LABEL } from './plainBaseline.ts';

/**
 * `npm run bench`: every scenario, ratios only against the plain library call measured interleaved
 * in this same run. Writes bench/results/<date>.json and .md (and latest.*) with the machine noted.
 * A benchmark, never a timed test: nothing here fails on speed.
 */
const here = path.dirname(fileURLToPath(import.meta.url));

function table(results: readonly BenchResult[]): string {
  const rows = results.map(
    (r) =>
      `| ${r.scenario} | ${r.opsPerSec} | ${r.p50Ms} | ${r.p99Ms} | ${r.ratioVsPlain === undefined ? '' : `${r.ratioVsPlain}×`} | ${r.ratioPerRound === undefined ? '' : `${r.ratioPerRound.min}–${r.ratioPerRound.max}× (median ${r.ratioPerRound.median}×)`} | ${r.notes ?? ''} |`,
  );
  return ['| scenario | ops/s | p50 ms | p99 ms | vs plain | per round | notes |', '|---|---:|---:|---:|---:|---:|---|', ...rows].join('\n');
}

async function main(): Promise<void> {
  const config = loadBenchConfig();
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    /** V8 and Node flags of this run (`npm run bench` sets --no-parallel-scavenge, as `npm start` does). */
    nodeFlags: process.execArgv.filter((flag) => !flag.startsWith('--import')).join(' ') || 'none',
    platform: `${process.platform}-${process.arch}`,
    date: new Date().toISOString(),
    postgres: config.postgresUrl ? 'yes (BENCH_DATABASE_URL)' : 'not configured (PGlite only)',
    /** Where the verify scenarios' plain call ran (BENCH_PLAIN, bench/plainBaseline.ts). */
    plainVerifyCall: PLAIN_PLACEMENT_LABEL[config.plain],
  };
  process.stdout.write(`RadCred bench on ${machine.cpu} (${machine.cores} cores), Node ${machine.node} (flags: ${machine.nodeFlags}); verify's plain call on ${machine.plainVerifyCall}\n`);
  const started = Date.now();
  const results: BenchResult[] = [];
  const sections: Array<[string, () => Promise<BenchResult[]>]> = [
    ['credential log', async () => (await import('./logBench.ts')).benchLog({ postgresUrl: config.postgresUrl, quick: config.quick })],
    ['issue', async () => (await import('./issueBench.ts')).benchIssue({ postgresUrl: config.postgresUrl, quick: config.quick })],
    ['verify', async () => (await import('./verifyBench.ts')).benchVerify({ postgresUrl: config.postgresUrl, quick: config.quick, plain: config.plain })],
  ];
  for (const [name, run] of sections) {
    if (config.only && !config.only.includes(name.split(' ').pop() ?? name)) continue;
    process.stdout.write(`\n== ${name} ==\n`);
    const sectionStarted = Date.now();
    const sectionResults = await run();
    process.stdout.write(table(sectionResults) + '\n');
    process.stdout.write(`(${name}: ${Math.round((Date.now() - sectionStarted) / 1000)} s)\n`);
    results.push(...sectionResults);
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  const markdown = [
    `# RadCred bench — ${machine.date}`,
    '',
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.platform}, Node ${machine.node} (flags: ${machine.nodeFlags}); PostgreSQL: ${machine.postgres}; verify's plain call on ${machine.plainVerifyCall}. Took ${seconds} s.`,
    'Ratios compare against the plain `@digitalbazaar/vc` call measured interleaved in this run.',
    '',
    table(results),
    '',
  ].join('\n');
  const dir = path.join(here, 'results');
  await mkdir(dir, { recursive: true });
  const stamp = machine.date.replace(/[:.]/g, '-');
  const json = JSON.stringify({ machine, seconds, results }, null, 2) + '\n';
  await writeFile(path.join(dir, `${stamp}.json`), json);
  await writeFile(path.join(dir, `${stamp}.md`), markdown);
  await writeFile(path.join(dir, 'latest.json'), json);
  await writeFile(path.join(dir, 'latest.md'), markdown);
  process.stdout.write(`\nWrote bench/results/${stamp}.{json,md} in ${seconds} s\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
