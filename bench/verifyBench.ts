import { randomBytes } from 'node:crypto';
import http from 'node:http';
import * as vc from '@digitalbazaar/vc';
import { CREDENTIALS_V2_URL, ED25519_2020_URL, RADCRED_CONTEXT_URL } from '../core/credential/contexts.ts';
import { documentLoader } from '../core/credential/documentLoader.ts';
import { generateDidKey, type Ed25519DidKey } from '../core/crypto/didKey.ts';
import { ed25519Signature2020SigningSuite } from '../core/crypto/suites.ts';
import type { IssuerDatabase, VerifierDatabase } from '../core/db/schema.ts';
import { createLogger } from '../core/http/logger.ts';
import { checkCredentialProof } from '../core/verify/proofs.ts';
import { checkPresentation } from '../core/verify/presentationChecks.ts';
import { checkCredential } from '../core/verify/credentialChecks.ts';
import { loadIssuerConfig } from '../issuer/config.ts';
import { startIssuer } from '../issuer/server.ts';
import { loadVerifierConfig } from '../verifier/config.ts';
import { startVerifier, type RunningVerifier } from '../verifier/server.ts';
import { verifierCheckContext } from '../verifier/services/checkContext.ts';
import { openScratchDatabase } from './scratchDatabase.ts';
import { measureInterleavedConcurrent, sliceOf, summarize, type BenchResult } from './measure.ts';
import { PLAIN_PLACEMENT_LABEL, plainBaselines, type PlainPlacement } from './plainBaseline.ts';

/**
 * Verification (issue #7, DESIGN §10). The baseline is the plain library call as an application
 * writes it: `@digitalbazaar/vc` `verify` / `verifyCredential` with a stock `Ed25519Signature2020`
 * suite and a document loader serving the same bundled contexts, one call at a time. RadCred is
 * measured:
 *  - cold: every credential new to the verifier (a hospital checking many different radiologists;
 *    each presentation is a different radiologist with their own key and credentials) — the
 *    figures the targets are about;
 *  - warm: the same credentials seen before, each time in a fresh presentation with a fresh proof
 *    and challenge (signatures of the credentials come from the verification cache; status,
 *    validity, trust, log and policy are checked again);
 *  - over HTTP end to end (`POST /presentations/verify` or `/credentials/verify` with a fresh
 *    single-use challenge, every check, the report stored) with a few concurrent clients, and
 *    in-process (core/verify with the verifier's context, no HTTP, no stored report).
 * Every credential is issued beforehand by the real issuer service (issue-batch), so log receipts
 * and status lists are real. Receipts travel with the presentation as radwallet sends them; status
 * lists are fetched from the issuer and cached by TTL, as in steady operation.
 */
type Json = Record<string, unknown>;

export interface VerifyBenchOptions {
  readonly postgresUrl?: string | undefined;
  readonly quick?: boolean;
  /** Where the plain call runs (bench/plainBaseline.ts); the event loop by default. */
  readonly plain?: PlainPlacement;
}

const ADMIN = 'bench-verifier-admin-token-0123456789';
const OPERATOR = 'rcop_bench_operator_token_0123456789';
/** Concurrent HTTP clients for the service scenarios (a credentialing office's batch, or several staff). */
const HTTP_CLIENTS = 4;
/**
 * Cold 5-credential presentations verified, untimed, before any scenario (V8 compiles the hot
 * code). A 3,000-presentation run here climbed from 113/s over the first hundred to a steady
 * 210–250/s only after about 700.
 */
const JIT_WARM_UP_PRESENTATIONS = 600;

/**
 * How long a kept-alive socket may sit idle in the bench client: below the services' keep-alive
 * timeout (Node's default, 5 s), so the client drops an idle socket before the server closes it.
 * (Without an agent timeout Node ignores the server's `Keep-Alive: timeout` hint.)
 */
const IDLE_SOCKET_MS = 4000;

/**
 * The bench's HTTP client: node:http with a keep-alive agent (fetch/undici costs several times more
 * CPU per request, and the client shares this process's cores with the services it measures).
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 16, timeout: IDLE_SOCKET_MS });

/**
 * One request. A kept-alive socket the server closed as idle just as the request went out fails
 * with ECONNRESET ("socket hang up") before the server read anything; such a request is sent again
 * on another socket, as Node's documentation advises (`request.reusedSocket`), a few times at most.
 */
async function call(base: string, method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; body: Json }> {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  for (let attempt = 1; ; attempt++) {
    try {
      return await send(base, method, path, token, payload);
    } catch (error) {
      const { code, reusedSocket } = error as { code?: unknown; reusedSocket?: unknown };
      if (code !== 'ECONNRESET' || reusedSocket !== true || attempt >= 3) throw error;
    }
  }
}

function send(base: string, method: string, path: string, token: string | null, payload: Buffer | undefined): Promise<{ status: number; body: Json }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      new URL(path, base),
      {
        method,
        agent,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(payload.length) }),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          try {
            resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Json });
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
        response.on('error', reject);
      },
    );
    request.on('error', (error) => reject(Object.assign(error, { reusedSocket: request.reusedSocket })));
    request.end(payload);
  });
}

async function expect(status: number, result: Promise<{ status: number; body: Json }>, what: string): Promise<Json> {
  const { status: got, body } = await result;
  if (got !== status) throw new Error(`${what}: HTTP ${got} ${JSON.stringify(body).slice(0, 600)}`);
  return body;
}

interface Person {
  readonly holder: Ed25519DidKey;
  /** license, board certification, 3 CME credits — in presentation order. */
  readonly credentials: Json[];
  readonly receipts: Json[];
}

interface Tenant {
  readonly id: string;
  readonly token: string;
  readonly did: string;
}

/** Issues `count` radiologists' credentials with issue-batch (≤ 1,000 per request). */
async function issuePeople(issuerUrl: string, tenants: { board: Tenant; abr: Tenant; cme: Tenant }, count: number): Promise<Person[]> {
  const people = Array.from({ length: count }, (_, i) => ({ holder: generateDidKey(), n: i }));
  const subject = (holder: Ed25519DidKey, n: number) => ({ id: holder.did, name: `Dr. Bench ${n}`, npi: '1234567893' });
  const unsigned = (type: string, holder: Ed25519DidKey, n: number, fields: Json) => ({
    '@context': [CREDENTIALS_V2_URL, RADCRED_CONTEXT_URL],
    type: ['VerifiableCredential', type],
    credentialSubject: { ...subject(holder, n), ...fields },
  });
  const batch = async (tenant: Tenant, credentials: Json[]): Promise<Array<{ verifiableCredential: Json; receipt: Json }>> => {
    const out: Array<{ verifiableCredential: Json; receipt: Json }> = [];
    for (let at = 0; at < credentials.length; at += 1000) {
      const body = await expect(
        201,
        call(issuerUrl, 'POST', `/issuers/${tenant.id}/credentials/issue-batch`, tenant.token, { credentials: credentials.slice(at, at + 1000) }),
        'issue-batch',
      );
      out.push(...(body.results as Array<{ verifiableCredential: Json; receipt: Json }>));
    }
    return out;
  };
  const licenses = await batch(
    tenants.board,
    people.map(({ holder, n }) =>
      unsigned('MedicalLicenseCredential', holder, n, {
        jurisdiction: 'US-NY', licenseNumber: String(200000 + n), licenseType: 'MD', licenseStatus: 'active', issuedOn: '2019-07-01', expiresOn: '2030-06-30', restrictions: [], interstateCompact: false,
      }),
    ),
  );
  const certifications = await batch(
    tenants.abr,
    people.map(({ holder, n }) =>
      unsigned('BoardCertificationCredential', holder, n, {
        board: 'American Board of Radiology', boardCode: 'ABR', specialty: 'Diagnostic Radiology', subspecialties: [], certificateType: 'time-limited', continuingCertificationStatus: 'meeting-requirements', certifiedOn: '2020-06-15', validThrough: '2031-12-31',
      }),
    ),
  );
  const cme = await batch(
    tenants.cme,
    people.flatMap(({ holder, n }) =>
      [0, 1, 2].map((k) =>
        unsigned('CMECreditCredential', holder, n, {
          provider: 'RSNA', accreditor: 'ACCME', activityTitle: `Update ${n}-${k}`, activityId: `B-${n}-${k}`, activityFormat: 'live', completionDate: '2026-01-10', creditType: 'AMA PRA Category 1 Credit', credits: 25,
        }),
      ),
    ),
  );
  return people.map(({ holder }, i) => {
    const issued = [licenses[i], certifications[i], cme[3 * i], cme[3 * i + 1], cme[3 * i + 2]].map((r) => r as { verifiableCredential: Json; receipt: Json });
    return { holder, credentials: issued.map((r) => r.verifiableCredential), receipts: issued.map((r) => r.receipt) };
  });
}

async function signVp(holder: Ed25519DidKey, credentials: readonly Json[], challenge: string, domain: string): Promise<Json> {
  const presentation: Json = {
    '@context': [CREDENTIALS_V2_URL, ED25519_2020_URL],
    type: ['VerifiablePresentation'],
    holder: holder.did,
    verifiableCredential: credentials.map((c) => structuredClone(c)),
  };
  return vc.signPresentation({ presentation, suite: ed25519Signature2020SigningSuite(holder), documentLoader, challenge, domain });
}

/**
 * Pops prepared inputs, letting go of each as it is handed out (the bench would otherwise hold
 * every input it has used until the end, and the event loop's collections would copy and scan a
 * heap no service has); running out is a bench bug, not a measurement.
 */
function feeder<T>(items: T[]): () => T {
  const queue: Array<T | undefined> = items;
  let next = 0;
  return () => {
    const item = queue[next];
    if (item === undefined) throw new Error('the bench ran out of prepared inputs');
    queue[next++] = undefined;
    return item;
  };
}

export async function benchVerify(options: VerifyBenchOptions = {}): Promise<BenchResult[]> {
  const quick = options.quick ?? false;
  const logger = createLogger({ name: 'bench', level: 'silent' });
  // The issuer is the fixture (PGlite); the verifier under test stores on PostgreSQL when configured.
  const issuerDb = await openScratchDatabase<IssuerDatabase>('issuer', 'pglite', undefined);
  const verifierDb = await openScratchDatabase<VerifierDatabase>('verifier', options.postgresUrl ? 'postgres' : 'pglite', options.postgresUrl);
  const issuer = await startIssuer(
    loadIssuerConfig({ env: { ISSUER_PORT: '0', RADCRED_DATA_DIR: '/nonexistent' }, demoSecrets: { operatorToken: OPERATOR, keyEncryptionKey: randomBytes(32) } }),
    { database: issuerDb.handle, logger },
  );
  const verifier: RunningVerifier = await startVerifier(
    loadVerifierConfig({ env: { VERIFIER_ADMIN_TOKEN: ADMIN, VERIFIER_PORT: '0', VERIFIER_MONITOR_INTERVAL_SECONDS: '0' } }),
    { database: verifierDb.handle, logger },
  );
  const backend = verifierDb.handle.backend === 'postgres' ? 'PostgreSQL' : 'PGlite';
  const threads = verifier.deps.proofVerifier.threads;
  const plainPlacement = options.plain ?? 'event-loop';
  const plainSide = plainBaselines(plainPlacement);
  const plainWhere = `on ${PLAIN_PLACEMENT_LABEL[plainPlacement]}`;
  try {
    const tenant = async (body: Json): Promise<Tenant> => {
      const created = await expect(201, call(issuer.url, 'POST', '/admin/issuers', OPERATOR, body), 'create tenant');
      return { id: created.id as string, token: created.token as string, did: created.did as string };
    };
    const board = await tenant({ name: 'NY Board (bench)', kind: 'state-medical-board', jurisdiction: 'US-NY', credentialTypes: ['MedicalLicenseCredential'] });
    const abr = await tenant({ name: 'ABR (bench)', kind: 'specialty-board', credentialTypes: ['BoardCertificationCredential'] });
    const cme = await tenant({ name: 'RSNA (bench)', kind: 'cme-provider', credentialTypes: ['CMECreditCredential'] });
    await expect(201, call(verifier.url, 'POST', '/trusted-issuers/import', ADMIN, { issuerServiceUrl: issuer.url, dids: [board.did, abr.did, cme.did] }), 'import');
    await expect(201, call(verifier.url, 'POST', '/trusted-logs', ADMIN, { issuerServiceUrl: issuer.url }), 'pin log');

    // Rounds of 64: the concurrent clients fill the threads at a round's start and drain them at its
    // end, and longer rounds make those edges a smaller part of what is measured. The plain call then
    // gets as much wall time as the round took (measureInterleavedConcurrent). Eight rounds, not
    // four: with four, the plain 5-credential presentation's rate differed up to 1.8× between
    // scenarios of one run (22.7–43.3/s on 2026-12-04), and each ratio with it.
    const rounds = quick ? 2 : 8;
    const perRound = quick ? 4 : 64;
    const warmup = 3;
    /** Inputs one scenario uses: its warm-up, every round, and a spare per client. */
    const inputsFor = (operationsPerRound: number) => warmup + rounds * operationsPerRound + HTTP_CLIENTS;
    const perScenario = inputsFor(perRound);
    // Cold scenarios: 1-credential and 5-credential presentations over HTTP and in-process, and the
    // single-credential scenarios — each input used once.
    const started = Date.now();
    // Cold presentations: 2 sizes × (HTTP, in-process concurrent, one at a time), a new person each;
    // warm and reference presentations: a few; single credentials (4 scenarios): all five of each reserved person.
    // A single credential takes 0.5–3 ms: its rounds have more operations (HTTP, signature only,
    // every check 4 concurrent, one at a time), so that each lasts about 0.25–0.3 s, as a round of 64
    // presentations does.
    const credentialPerRound = { http: quick ? 4 : 96, signature: quick ? 8 : 512, concurrent: quick ? 8 : 320, oneAtATime: quick ? 4 : 160 };
    const credentialCount = Object.values(credentialPerRound).reduce((sum, n) => sum + inputsFor(n), 0);
    const reservedCount = Math.ceil(credentialCount / 5) + 1;
    const warmUpCount = quick ? 16 : JIT_WARM_UP_PRESENTATIONS;
    // Split, then held only by the feeders, which let go of what they hand out.
    const { warmUpPeople, people, reservedCredentials, issuedCount } = await issuePeople(issuer.url, { board, abr, cme }, warmUpCount + perScenario * 6 + 8 + reservedCount).then((everyone) => ({
      warmUpPeople: everyone.slice(0, warmUpCount),
      people: everyone.slice(warmUpCount, -reservedCount),
      reservedCredentials: everyone.slice(-reservedCount).flatMap((p) => p.credentials.map((credential, i) => ({ credential, receipt: p.receipts[i] as Json }))),
      issuedCount: everyone.length * 5,
    }));
    process.stdout.write(`  issued ${issuedCount} credentials for the cold scenarios in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    const warmUpSample = warmUpPeople[0] as Person;
    const referenceCredential = people[0]?.credentials[0] as Json;
    const nextPerson = feeder(people);
    const domain = new URL(verifier.url).host;
    const results: BenchResult[] = [];
    const cacheBefore = () => ({ hits: verifier.deps.proofCache?.hits ?? 0, misses: verifier.deps.proofCache?.misses ?? 0 });

    const challenge = async () => (await expect(201, call(verifier.url, 'POST', '/challenges', ADMIN), 'challenge')).challenge as string;
    /** Presentations signed beforehand (signing is the wallet's cost, not the verifier's), each with a fresh challenge. */
    const preparePresentations = async (size: number, count: number, from: () => Person, viaHttp: boolean) => {
      const out: Array<{ vp: Json; challenge: string; receipts: Json[] }> = [];
      for (let i = 0; i < count; i++) {
        const person = from();
        const c = viaHttp ? await challenge() : `bench-${randomBytes(8).toString('hex')}`;
        out.push({ vp: await signVp(person.holder, person.credentials.slice(0, size), c, domain), challenge: c, receipts: person.receipts.slice(0, size) });
      }
      return out;
    };

    // A service that has run for a while has its verification code compiled by V8's optimising
    // tiers, in the event loop and in every verify thread; a process that has just started has not
    // (the first few hundred verifications run up to 1.5× slower). Untimed, with people not used
    // again, so the scenarios below stay cold for the verifier's caches.
    {
      const nextWarmUp = feeder(warmUpPeople);
      const half = Math.floor(warmUpCount / 2);
      const overHttp = feeder(await preparePresentations(5, half, nextWarmUp, true));
      const inProcess = feeder(await preparePresentations(5, warmUpCount - half, nextWarmUp, false));
      /** `count` calls of `one`, by HTTP_CLIENTS concurrent callers. */
      const concurrently = (count: number, one: () => Promise<void>) =>
        Promise.all(Array.from({ length: HTTP_CLIENTS }, async (_, caller) => {
          for (let i = caller; i < count; i += HTTP_CLIENTS) await one();
        }));
      const viaHttp = async () => {
        const item = overHttp();
        await expect(200, call(verifier.url, 'POST', '/presentations/verify', ADMIN, { verifiablePresentation: item.vp, receipts: item.receipts, options: { challenge: item.challenge } }), 'warm-up verify');
      };
      const viaLibrary = async () => {
        const item = inProcess();
        await checkPresentation(item.vp, { challenge: item.challenge, domain }, verifierCheckContext(verifier.deps), { receipts: item.receipts });
      };
      const warmStarted = Date.now();
      await concurrently(half, viaHttp);
      await concurrently(warmUpCount - half, viaLibrary);
      // The plain call, too, on one more of these presentations.
      const [sample] = await preparePresentations(5, 1, () => warmUpSample, false);
      if (sample) await sliceOf(plainSide.baselineFor({ kind: 'presentation', vp: sample.vp, challenge: sample.challenge, domain }))(20, 0);
      process.stdout.write(`  JIT warm-up: ${warmUpCount} cold 5-credential presentations verified (untimed) in ${((Date.now() - warmStarted) / 1000).toFixed(1)} s\n`);
    }

    for (const size of [1, 5] as const) {
      const label = `${size}-credential presentation`;
      // The plain call gets one presentation; it has no cache, so every call costs the same.
      const reference = (await preparePresentations(size, 1, nextPerson, false))[0] as { vp: Json; challenge: string; receipts: Json[] };
      const plain = plainSide.baselineFor({ kind: 'presentation', vp: reference.vp, challenge: reference.challenge, domain });

      for (const temperature of ['cold', 'warm'] as const) {
        const seen = temperature === 'warm' ? nextPerson() : undefined;
        const source = seen ? () => seen : nextPerson;
        if (seen) {
          // Seen once before: the verifier has verified these credentials' signatures.
          const [first] = await preparePresentations(size, 1, source, true);
          await expect(200, call(verifier.url, 'POST', '/presentations/verify', ADMIN, { verifiablePresentation: first?.vp, receipts: first?.receipts, options: { challenge: first?.challenge } }), 'warm-up verify');
        }
        const overHttpInputs = feeder(await preparePresentations(size, perScenario, source, true));
        const counts = cacheBefore();
        const http = async () => {
          const item = overHttpInputs();
          const body = await expect(200, call(verifier.url, 'POST', '/presentations/verify', ADMIN, { verifiablePresentation: item.vp, receipts: item.receipts, options: { challenge: item.challenge } }), 'verify');
          if (body.verified !== true) throw new Error('not verified');
        };
        const overHttp = await measureInterleavedConcurrent(http, plain, { rounds, perRound, concurrency: HTTP_CLIENTS, warmup });
        const hits = (verifier.deps.proofCache?.hits ?? 0) - counts.hits;
        results.push(
          summarize(`verify ${label}, HTTP, ${temperature}`, overHttp.candidate, {
            ratioVsPlain: overHttp.ratio,
            roundRatios: overHttp.roundRatios,
            notes: `POST /presentations/verify, ${HTTP_CLIENTS} clients; every check, challenge consumed, report stored (${backend}); ${threads} verify threads; ${hits} proof-cache hits`,
          }),
          summarize(`plain vc.verify, ${label} (paired with HTTP ${temperature})`, overHttp.baseline, { notes: `signatures only, one call at a time, ${plainWhere}` }),
        );

        // In-process: the same checks as a library call, first with the same concurrent clients
        // (throughput: both cores serve), then one at a time (the latency of a single check).
        for (const concurrency of [HTTP_CLIENTS, 1]) {
          const inProcessInputs = feeder(await preparePresentations(size, perScenario, source, false));
          const inProcess = async () => {
            const item = inProcessInputs();
            const report = await checkPresentation(item.vp, { challenge: item.challenge, domain }, verifierCheckContext(verifier.deps), { receipts: item.receipts });
            if (!report.credentials.every((c) => c.verified) || !report.checks.every((c) => c.ok)) throw new Error('in-process verification failed');
          };
          const local = await measureInterleavedConcurrent(inProcess, plain, { rounds, perRound, concurrency, warmup });
          const how = concurrency === 1 ? 'one at a time' : `${concurrency} concurrent`;
          results.push(
            summarize(`verify ${label}, in-process ${how}, ${temperature}`, local.candidate, {
              ratioVsPlain: local.ratio,
              roundRatios: local.roundRatios,
              notes: `core/verify checkPresentation with the verifier's context, ${how}; ${threads} verify threads; no HTTP, no stored report`,
            }),
            summarize(`plain vc.verify, ${label} (paired with in-process ${how} ${temperature})`, local.baseline, { notes: `one call at a time, ${plainWhere}` }),
          );
        }
      }
    }

    // A single credential, as POST /credentials/verify with the receipt the issuer returned, and
    // in-process. The last people are kept for these: no presentation has shown their credentials.
    const credentialInputs = feeder(reservedCredentials);
    const plainCredential = plainSide.baselineFor({ kind: 'credential', credential: referenceCredential });
    const credentialHttp = async () => {
      const item = credentialInputs();
      const body = await expect(200, call(verifier.url, 'POST', '/credentials/verify', ADMIN, { verifiableCredential: item.credential, receipt: item.receipt }), 'verify credential');
      if (body.verified !== true) throw new Error('not verified');
    };
    const credentialOverHttp = await measureInterleavedConcurrent(credentialHttp, plainCredential, { rounds, perRound: credentialPerRound.http, concurrency: HTTP_CLIENTS, warmup });
    results.push(
      summarize('verify a credential, HTTP, cold', credentialOverHttp.candidate, {
        ratioVsPlain: credentialOverHttp.ratio,
        roundRatios: credentialOverHttp.roundRatios,
        notes: `POST /credentials/verify with its receipt, ${HTTP_CLIENTS} clients; every check, report stored (${backend}); ${threads} verify threads`,
      }),
      summarize('plain vc.verifyCredential (paired with HTTP cold)', credentialOverHttp.baseline, { notes: `one call at a time, ${plainWhere}` }),
    );
    // Every check of the credential (signature, trust, validity, status, log inclusion), no report.
    const credentialLocal = async () => {
      const item = credentialInputs();
      const context = verifierCheckContext(verifier.deps);
      const [proof, others] = await Promise.all([
        checkCredentialProof(item.credential, context),
        checkCredential(item.credential, undefined, { inPresentation: false, receipt: item.receipt }, context),
      ]);
      if (!proof.ok || !others.verified) throw new Error('in-process credential verification failed');
    };
    // The signature alone: what the plain call checks.
    const signatureOnly = async () => {
      const item = credentialInputs();
      const proof = await checkCredentialProof(item.credential, verifierCheckContext(verifier.deps));
      if (!proof.ok) throw new Error('in-process signature verification failed');
    };
    const signature = await measureInterleavedConcurrent(signatureOnly, plainCredential, { rounds, perRound: credentialPerRound.signature, concurrency: HTTP_CLIENTS, warmup });
    results.push(
      summarize(`verify a credential signature only, in-process ${HTTP_CLIENTS} concurrent, cold`, signature.candidate, {
        ratioVsPlain: signature.ratio,
        roundRatios: signature.roundRatios,
        notes: `core/verify checkCredentialProof (the check the plain call makes), ${HTTP_CLIENTS} concurrent; ${threads} verify threads`,
      }),
      summarize(`plain vc.verifyCredential (paired with signature only)`, signature.baseline, { notes: `one call at a time, ${plainWhere}` }),
    );
    for (const concurrency of [HTTP_CLIENTS, 1]) {
      const how = concurrency === 1 ? 'one at a time' : `${concurrency} concurrent`;
      const candidatePerRound = concurrency === 1 ? credentialPerRound.oneAtATime : credentialPerRound.concurrent;
      const local = await measureInterleavedConcurrent(credentialLocal, plainCredential, { rounds, perRound: candidatePerRound, concurrency, warmup });
      results.push(
        summarize(`verify a credential, in-process ${how}, cold`, local.candidate, {
          ratioVsPlain: local.ratio,
          roundRatios: local.roundRatios,
          notes: `core/verify checkCredentialProof + checkCredential (every check, the receipt given), ${how}; ${threads} verify threads; no HTTP, no stored report`,
        }),
        summarize(`plain vc.verifyCredential (paired with in-process ${how} cold)`, local.baseline, { notes: `one call at a time, ${plainWhere}` }),
      );
    }
    return results;
  } finally {
    await plainSide.close();
    await verifier.close();
    await issuer.close();
    await verifierDb.drop();
    await issuerDb.drop();
  }
}
