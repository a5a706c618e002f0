import { randomBytes } from 'node:crypto';
import * as vc from '@digitalbazaar/vc';
import pg from 'pg';
import { CREDENTIALS_V2_URL, ED25519_2020_URL, RADCRED_CONTEXT_URL } from '../core/credential/contexts.ts';
import { documentLoader } from '../core/credential/documentLoader.ts';
import { generateDidKey, type Ed25519DidKey } from '../core/crypto/didKey.ts';
import { ed25519Signature2020SigningSuite, verificationSuites } from '../core/crypto/suites.ts';
import { openDatabase, type DatabaseHandle } from '../core/db/connect.ts';
import { migrateToLatest } from '../core/db/migrate.ts';
import type { IssuerDatabase, VerifierDatabase } from '../core/db/schema.ts';
import { createLogger } from '../core/http/logger.ts';
import { checkPresentation } from '../core/verify/presentationChecks.ts';
import { loadIssuerConfig } from '../issuer/config.ts';
import { startIssuer } from '../issuer/server.ts';
import { loadVerifierConfig } from '../verifier/config.ts';
import { startVerifier } from '../verifier/server.ts';
import { verifierCheckContext } from '../verifier/services/checkContext.ts';
import { measureInterleaved, summarize, type BenchResult } from './measure.ts';

/**
 * Verification latency (DESIGN §10): a 1-credential and a 5-credential presentation, each verified
 * (a) over HTTP end to end — `POST /presentations/verify` with a fresh single-use challenge, every
 * check (proofs, trust, validity, status, log inclusion, holder binding, challenge consumption) and
 * the stored report — and (b) in-process through core/verify, each interleaved with the plain
 * `@digitalbazaar/vc` `verify()` of the same presentation in the same run. Credentials come from the
 * real issuer service started in-process; status lists and receipts are fetched once and then served
 * from the verifier's TTL caches, as in steady operation.
 */
type Json = Record<string, unknown>;

export interface VerifyBenchOptions {
  readonly postgresUrl?: string | undefined;
  readonly quick?: boolean;
}

const ADMIN = 'bench-verifier-admin-token-0123456789';
const OPERATOR = 'rcop_bench_operator_token_0123456789';

/** A reused keep-alive socket the server has just closed fails at once with ECONNRESET; that request never arrived, so it is sent again. */
function isStaleSocket(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code === 'ECONNRESET' || cause?.code === 'UND_ERR_SOCKET';
}

async function call(base: string, method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; body: Json }> {
  const send = () =>
    fetch(`${base}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const response = await send().catch((error: unknown) => {
    if (isStaleSocket(error)) return send();
    throw error;
  });
  return { status: response.status, body: (await response.json()) as Json };
}

async function expect(status: number, result: Promise<{ status: number; body: Json }>, what: string): Promise<Json> {
  const { status: got, body } = await result;
  if (got !== status) throw new Error(`${what}: HTTP ${got} ${JSON.stringify(body).slice(0, 400)}`);
  return body;
}

/** A scratch PostgreSQL database for the verifier, dropped afterwards. */
async function scratchPostgres(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `radcred_bench_verifier_${randomBytes(5).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return { url: parsed.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
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

function plainVerify(vp: Json, challenge: string, domain: string): Promise<unknown> {
  return vc
    .verify({ presentation: vp, suite: verificationSuites(), documentLoader, challenge, domain, checkStatus: async () => ({ verified: true }) })
    .then((result) => {
      if (!result.verified) throw new Error('the plain baseline did not verify the presentation');
    });
}

export async function benchVerify(options: VerifyBenchOptions = {}): Promise<BenchResult[]> {
  const quick = options.quick ?? false;
  const logger = createLogger({ name: 'bench', level: 'silent' });
  const issuerDb: DatabaseHandle<IssuerDatabase> = await openDatabase<IssuerDatabase>({ kind: 'pglite' });
  await migrateToLatest(issuerDb.db, 'issuer');
  const scratch = options.postgresUrl ? await scratchPostgres(options.postgresUrl) : undefined;
  const verifierDb: DatabaseHandle<VerifierDatabase> = await openDatabase<VerifierDatabase>(scratch ? { kind: 'postgres', url: scratch.url } : { kind: 'pglite' });
  await migrateToLatest(verifierDb.db, 'verifier');
  const issuer = await startIssuer(
    loadIssuerConfig({ env: { ISSUER_PORT: '0', RADCRED_DATA_DIR: '/nonexistent' }, demoSecrets: { operatorToken: OPERATOR, keyEncryptionKey: randomBytes(32) } }),
    { database: issuerDb, logger, log: { batchMaxWaitMs: 5 }, signingThreads: 0 },
  );
  const verifier = await startVerifier(
    loadVerifierConfig({ env: { VERIFIER_ADMIN_TOKEN: ADMIN, VERIFIER_PORT: '0', VERIFIER_MONITOR_INTERVAL_SECONDS: '0' } }),
    { database: verifierDb, logger },
  );
  try {
    const tenant = async (body: Json) => expect(201, call(issuer.url, 'POST', '/admin/issuers', OPERATOR, body), 'create tenant');
    const board = await tenant({ name: 'NY Board (bench)', kind: 'state-medical-board', jurisdiction: 'US-NY', credentialTypes: ['MedicalLicenseCredential'] });
    const abr = await tenant({ name: 'ABR (bench)', kind: 'specialty-board', credentialTypes: ['BoardCertificationCredential'] });
    const cme = await tenant({ name: 'RSNA (bench)', kind: 'cme-provider', credentialTypes: ['CMECreditCredential'] });
    await expect(201, call(verifier.url, 'POST', '/trusted-issuers/import', ADMIN, { issuerServiceUrl: issuer.url, dids: [board.did, abr.did, cme.did] }), 'import');
    await expect(201, call(verifier.url, 'POST', '/trusted-logs', ADMIN, { issuerServiceUrl: issuer.url }), 'pin log');

    const holder = generateDidKey();
    const person = { id: holder.did, name: 'Dr. Ana Rivera', npi: '1234567893' };
    const issue = async (t: Json, type: string, subject: Json) =>
      ((await expect(201, call(issuer.url, 'POST', `/issuers/${t.id as string}/credentials/issue`, t.token as string, {
        credential: { '@context': [CREDENTIALS_V2_URL, RADCRED_CONTEXT_URL], type: ['VerifiableCredential', type], credentialSubject: { ...person, ...subject } },
      }), `issue ${type}`)).verifiableCredential) as Json;
    const credentials = [
      await issue(board, 'MedicalLicenseCredential', { jurisdiction: 'US-NY', licenseNumber: '298311', licenseType: 'MD', licenseStatus: 'active', issuedOn: '2019-07-01', expiresOn: '2030-06-30', restrictions: [], interstateCompact: false }),
      await issue(abr, 'BoardCertificationCredential', { board: 'American Board of Radiology', boardCode: 'ABR', specialty: 'Diagnostic Radiology', subspecialties: [], certificateType: 'time-limited', continuingCertificationStatus: 'meeting-requirements', certifiedOn: '2020-06-15', validThrough: '2031-12-31' }),
    ];
    for (let i = 0; i < 3; i++) {
      credentials.push(await issue(cme, 'CMECreditCredential', { provider: 'RSNA', accreditor: 'ACCME', activityTitle: `Update ${i}`, activityId: `B-${i}`, activityFormat: 'live', completionDate: '2026-01-10', creditType: 'AMA PRA Category 1 Credit', credits: 25 }));
    }

    const results: BenchResult[] = [];
    for (const size of [1, 5] as const) {
      const presented = credentials.slice(0, size);
      const rounds = quick ? 3 : 10;
      const perRound = quick ? 4 : size === 1 ? 20 : 10;
      const warmup = 3;
      const needed = warmup + rounds * perRound;
      // Each HTTP verification consumes a fresh challenge: sign the presentations beforehand (signing is the wallet's cost, not the verifier's).
      const prepared: Array<{ vp: Json; challenge: string }> = [];
      for (let i = 0; i < needed; i++) {
        const challenge = await expect(201, call(verifier.url, 'POST', '/challenges', ADMIN), 'challenge');
        prepared.push({ vp: await signVp(holder, presented, challenge.challenge as string, challenge.domain as string), challenge: challenge.challenge as string });
      }
      const domain = new URL(verifier.url).host;
      const reference = prepared[0] as { vp: Json; challenge: string };
      let next = 0;
      const http = async () => {
        const item = prepared[next++];
        if (!item) throw new Error('ran out of prepared presentations');
        await expect(200, call(verifier.url, 'POST', '/presentations/verify', ADMIN, { verifiablePresentation: item.vp, options: { challenge: item.challenge } }), 'verify');
      };
      const plain = () => plainVerify(reference.vp, reference.challenge, domain);
      const overHttp = await measureInterleaved(http, plain, { rounds, perRound, warmup });
      const label = `${size}-credential presentation`;
      const backend = scratch ? 'PostgreSQL' : 'PGlite';
      results.push(
        summarize(`verify ${label}, HTTP end to end`, overHttp.candidate, {
          ratioVsPlain: overHttp.ratio,
          notes: `POST /presentations/verify, all checks + challenge consumed + report stored (${backend}); status lists and receipts from the TTL cache`,
        }),
        summarize(`plain @digitalbazaar/vc verify, ${label}`, overHttp.baseline, { notes: 'signatures only, interleaved with the HTTP run' }),
      );

      const inProcess = async () => {
        const report = await checkPresentation(reference.vp, { challenge: reference.challenge, domain }, verifierCheckContext(verifier.deps));
        if (!report.credentials.every((c) => c.verified)) throw new Error('in-process verification failed');
      };
      const local = await measureInterleaved(inProcess, plain, { rounds, perRound, warmup });
      results.push(
        summarize(`verify ${label}, in-process core/verify`, local.candidate, {
          ratioVsPlain: local.ratio,
          notes: 'checkPresentation with the verifier\'s trust registry and caches; no HTTP, no challenge consumption, no report',
        }),
        summarize(`plain @digitalbazaar/vc verify, ${label} (in-process pairing)`, local.baseline),
      );
    }
    return results;
  } finally {
    await verifier.close();
    await issuer.close();
    await verifierDb.close();
    await issuerDb.close();
    await scratch?.drop();
  }
}
