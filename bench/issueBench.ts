import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import * as vc from '@digitalbazaar/vc';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import { Ed25519VerificationKey2020 } from '@digitalbazaar/ed25519-verification-key-2020';
import { bundledContexts, CREDENTIALS_V2_URL, ED25519_2020_URL, RADCRED_CONTEXT_URL } from '../core/credential/contexts.ts';
import { documentLoader, type DocumentLoader } from '../core/credential/documentLoader.ts';
import { sampleSubjects } from '../core/credential/test/fixtures/samples.ts';
import { generateDidKey } from '../core/crypto/didKey.ts';
import { encodeBase58 } from '../core/crypto/multibase.ts';
import type { Backend } from '../core/db/connect.ts';
import type { IssuerDatabase } from '../core/db/schema.ts';
import { createLogger } from '../core/http/logger.ts';
import { loadIssuerConfig } from '../issuer/config.ts';
import { startIssuer, type RunningIssuer } from '../issuer/server.ts';
import { closeSigningPools } from '../issuer/services/credentialSigner.ts';
import { createIssuer } from '../issuer/services/createIssuer.ts';
import { issuePrepared, prepareAll } from '../issuer/services/issueCredentials.ts';
import type { IssuerRecord } from '../issuer/stores/issuerStore.ts';
import { measureInterleaved, ratioFields, type BenchResult, type Timing } from './measure.ts';
import { withScratchDatabase } from './scratchDatabase.ts';

/**
 * Issue throughput (DESIGN §10): the issuer's own issue path — validate, allocate status positions,
 * sign (Ed25519Signature2020, VC 2.0), record, append to the credential log and wait for the
 * receipt — measured interleaved with the plain `@digitalbazaar/vc` issue call in the same run.
 *
 * - "plain": `vc.issue` as a straightforward integration writes it: a stock
 *   Ed25519VerificationKey2020 key pair as signer (its `sign` imports the private key on every
 *   call), and a document loader returning the same bundled contexts without the `static` tag (so
 *   jsonld.js processes them again on every call). One call at a time, on the event loop.
 * - "single": 32 clients in a closed loop, each issuing one credential at a time and waiting for
 *   its answer (which comes once the entry is in the log); p50/p99 are per issue.
 * - "batch": issue-batch of 100, one request at a time; p50/p99 are per batch.
 * The service path is called below HTTP (the same functions the routes call), on a database with a
 * data directory on disk (PGlite) and, with BENCH_DATABASE_URL, on PostgreSQL.
 */
export interface IssueBenchOptions {
  readonly postgresUrl?: string | undefined;
  readonly quick?: boolean;
}

type Json = Record<string, unknown>;

const CONCURRENT_SINGLES = 32;
/**
 * Single issues per measured sample (32 clients in a closed loop until this many are answered).
 * Each sample starts with 32 requests at once and ends draining the last ones; the larger the
 * sample, the less those edges weigh against the steady state.
 */
const SINGLES_PER_SAMPLE = 256;
const BATCH = 100;

function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

function rate(timing: Timing): number {
  return (timing.samplesMs.length * timing.opsPerSample * 1000) / timing.totalMs;
}

function result(scenario: string, timing: Timing, latenciesMs: readonly number[], extra: { ratioVsPlain?: number; roundRatios?: readonly number[]; notes?: string }): BenchResult {
  return {
    scenario,
    opsPerSec: round(rate(timing)),
    p50Ms: round(percentile(latenciesMs, 50), 3),
    p99Ms: round(percentile(latenciesMs, 99), 3),
    samples: latenciesMs.length,
    ...ratioFields(extra.ratioVsPlain, extra.roundRatios),
    ...(extra.notes === undefined ? {} : { notes: extra.notes }),
  };
}

function cmeCredential(subjectDid: string, i: number): Json {
  return {
    '@context': [CREDENTIALS_V2_URL, RADCRED_CONTEXT_URL],
    type: ['VerifiableCredential', 'CMECreditCredential'],
    credentialSubject: { ...sampleSubjects.CMECreditCredential, id: subjectDid, activityId: `BENCH-${i}` },
  };
}

/** The plain call's inputs: the same credential shape the issuer signs (status entries included). */
async function plainIssuer(): Promise<(i: number) => Promise<unknown>> {
  const key = generateDidKey();
  const holder = generateDidKey();
  const secretKey = new Uint8Array([...key.seed(), ...key.publicKey]);
  const keyPair = await Ed25519VerificationKey2020.from({
    id: key.keyId,
    controller: key.did,
    publicKeyMultibase: key.publicKeyMultibase,
    // Ed25519VerificationKey2020 wants the 64-byte secret key, multicodec ed25519-priv, base58btc.
    privateKeyMultibase: `z${encodeBase58(new Uint8Array([0x80, 0x26, ...secretKey]))}`,
  } as never);
  const plainLoader: DocumentLoader = async (url) => {
    const document = bundledContexts.get(url);
    return document ? { contextUrl: null, documentUrl: url, document } : documentLoader(url);
  };
  const list = 'http://127.0.0.1:4100/status/00000000-0000-4000-8000-000000000000';
  return (i: number) =>
    vc.issue({
      credential: {
        ...cmeCredential(holder.did, i),
        '@context': [CREDENTIALS_V2_URL, RADCRED_CONTEXT_URL, ED25519_2020_URL],
        id: `urn:uuid:${crypto.randomUUID()}`,
        issuer: key.did,
        validFrom: `${new Date().toISOString().slice(0, 19)}Z`,
        credentialStatus: ['revocation', 'suspension'].map((purpose, p) => ({
          id: `${list}${p}#${i}`,
          type: 'BitstringStatusListEntry',
          statusPurpose: purpose,
          statusListIndex: String(i),
          statusListCredential: `${list}${p}`,
        })),
      },
      suite: new Ed25519Signature2020({ key: keyPair } as never),
      documentLoader: plainLoader,
    });
}

async function withIssuer<T>(backend: Backend, postgresUrl: string | undefined, fn: (issuer: RunningIssuer, tenant: IssuerRecord) => Promise<T>): Promise<T> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'radcred-issue-bench-'));
  try {
    return await withScratchDatabase<IssuerDatabase, T>('issuer', backend, postgresUrl, async (handle) => {
      const config = loadIssuerConfig({
        env: { ISSUER_PORT: '0', RADCRED_DATA_DIR: dataDir },
        demoSecrets: { operatorToken: randomBytes(24).toString('base64url'), keyEncryptionKey: randomBytes(32) },
      });
      // The service as configured by default (the log's batch wait included): no bench-only tuning.
      const issuer = await startIssuer(config, { database: handle, logger: createLogger({ name: 'issue-bench', level: 'silent' }) });
      try {
        const { issuer: tenant } = await createIssuer(issuer.deps, { name: 'Bench CME Provider', kind: 'cme-provider', credentialTypes: ['CMECreditCredential'] });
        return await fn(issuer, tenant);
      } finally {
        await issuer.close();
      }
    });
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * CPU time of this process (every thread: event loop, signing threads, PGlite) per issue. Other
 * processes' load slows the wall clock of both sides, the multi-threaded side more; CPU time per
 * issue is what the issue path itself costs.
 */
class CpuMeter {
  #ms = 0;
  #ops = 0;
  wrap(fn: () => Promise<unknown>, opsPerCall: number): () => Promise<void> {
    return async () => {
      const start = process.cpuUsage();
      await fn();
      const used = process.cpuUsage(start);
      this.#ms += (used.user + used.system) / 1000;
      this.#ops += opsPerCall;
    };
  }
  get perOpMs(): number {
    return this.#ms / this.#ops;
  }
}

/** The 1-minute load average: other processes on the machine take CPU from both sides of a ratio. */
function loadAverage(): string {
  return loadavg()[0]?.toFixed(2) ?? '?';
}

async function benchBackend(backend: Backend, options: IssueBenchOptions): Promise<BenchResult[]> {
  const plain = await plainIssuer();
  const loadBefore = loadAverage();
  const rounds = options.quick ? 2 : 6;
  return withIssuer(backend, options.postgresUrl, async (issuer, tenant) => {
    const holder = generateDidKey();
    let counter = 0;
    const issueOne = async (): Promise<number> => {
      const started = process.hrtime.bigint();
      const prepared = prepareAll(tenant, [{ credential: cmeCredential(holder.did, counter++), path: 'credential' }], new Date());
      await issuePrepared(issuer.deps, tenant, prepared);
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const singleLatencies: number[] = [];
    const batchLatencies: number[] = [];
    const plainSample = async (count: number) => {
      for (let i = 0; i < count; i += 1) await plain(counter++);
    };

    const closedLoop = async () => {
      let started = 0;
      await Promise.all(
        Array.from({ length: CONCURRENT_SINGLES }, async () => {
          while (started < SINGLES_PER_SAMPLE) {
            started += 1;
            singleLatencies.push(await issueOne());
          }
        }),
      );
    };
    const singleCpu = new CpuMeter();
    const plainCpu = new CpuMeter();
    const batchCpu = new CpuMeter();
    const single = await measureInterleaved(singleCpu.wrap(closedLoop, SINGLES_PER_SAMPLE), plainCpu.wrap(() => plainSample(SINGLES_PER_SAMPLE), SINGLES_PER_SAMPLE), {
      rounds,
      perRound: 1,
      warmup: 1,
      candidateOpsPerSample: SINGLES_PER_SAMPLE,
      baselineOpsPerSample: SINGLES_PER_SAMPLE,
    });
    singleLatencies.splice(0, singleLatencies.length - single.candidate.samplesMs.length * SINGLES_PER_SAMPLE);

    const batch = await measureInterleaved(
      batchCpu.wrap(async () => {
        const started = process.hrtime.bigint();
        const inputs = Array.from({ length: BATCH }, (_, i) => ({ credential: cmeCredential(holder.did, counter++), path: `credentials[${i}]` }));
        await issuePrepared(issuer.deps, tenant, prepareAll(tenant, inputs, new Date()));
        batchLatencies.push(Number(process.hrtime.bigint() - started) / 1e6);
      }, BATCH),
      plainCpu.wrap(() => plainSample(BATCH), BATCH),
      { rounds, perRound: 1, warmup: 1, candidateOpsPerSample: BATCH, baselineOpsPerSample: BATCH },
    );
    batchLatencies.splice(0, batchLatencies.length - batch.candidate.samplesMs.length);

    const load = `load avg ${loadBefore}→${loadAverage()}`;
    const cpu = (meter: CpuMeter) => `CPU ${round(meter.perOpMs, 2)} ms/issue (plain ${round(plainCpu.perOpMs, 2)})`;
    const plainTotalMs = single.baseline.totalMs + batch.baseline.totalMs;
    const plainOps = single.baseline.samplesMs.length * SINGLES_PER_SAMPLE + batch.baseline.samplesMs.length * BATCH;
    const plainPerIssueMs = plainTotalMs / plainOps;
    const threads = issuer.deps.signer.threads;
    const where = `${backend === 'pglite' ? 'PGlite, data directory on disk' : 'PostgreSQL'}; log batch wait ${issuer.deps.log.batchMaxWaitMs} ms (the default)`;
    return [
      {
        scenario: `issue: plain @digitalbazaar/vc issue [${backend} run]`,
        opsPerSec: round((plainOps * 1000) / plainTotalMs),
        p50Ms: round(plainPerIssueMs, 3),
        p99Ms: round(plainPerIssueMs, 3),
        samples: plainOps,
        notes: `baseline: stock key pair signer, contexts not static, one call at a time; p50/p99 = mean; CPU ${round(plainCpu.perOpMs, 2)} ms/issue; ${load}`,
      },
      result(`issue single + log receipt [${backend}]`, single.candidate, singleLatencies, {
        ratioVsPlain: single.ratio,
        roundRatios: single.roundRatios,
        notes: `${CONCURRENT_SINGLES} closed-loop clients issuing one credential each, answered after its log entry is integrated; samples of ${SINGLES_PER_SAMPLE} alternated with ${SINGLES_PER_SAMPLE} plain calls; ${where}; ${threads} signing threads; ${cpu(singleCpu)}; ${load}`,
      }),
      result(`issue batch of ${BATCH} + log receipts [${backend}]`, batch.candidate, batchLatencies, {
        ratioVsPlain: batch.ratio,
        roundRatios: batch.roundRatios,
        notes: `one issue-batch of ${BATCH} at a time, all receipts returned, alternated with ${BATCH} plain calls; p50/p99 per batch; ${where}; ${threads} signing threads; ${cpu(batchCpu)}; ${load}`,
      }),
    ];
  });
}

export async function benchIssue(options: IssueBenchOptions = {}): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  try {
    results.push(...(await benchBackend('pglite', options)));
    if (options.postgresUrl) results.push(...(await benchBackend('postgres', options)));
  } finally {
    await closeSigningPools();
  }
  return results;
}
