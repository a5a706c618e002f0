import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import * as vc from '@digitalbazaar/vc';
import type { ExecutionContext, TestFn } from 'ava';
import { CREDENTIALS_V2_URL, RADCRED_CONTEXT_URL } from '../../../core/credential/contexts.ts';
import { documentLoader, type DocumentLoader } from '../../../core/credential/documentLoader.ts';
import type { RadCredTypeName } from '../../../core/credential/registry.ts';
import { sampleSubjects } from '../../../core/credential/test/fixtures/samples.ts';
import type { Backend } from '../../../core/db/connect.ts';
import { closeDatabasesAfter, sharedDatabase } from '../../../core/db/testing/testDatabase.ts';
import { createLogger } from '../../../core/http/logger.ts';
import { encodeLogEntry, fromHex, leafHash, toHex, verifierFromKey, verifyTlogProof, type LogEntry } from '../../../core/log/index.ts';
import { loadIssuerConfig } from '../../config.ts';
import type { LogReceipt } from '../../log/credentialLog.ts';
import { startIssuer, type RunningIssuer, type StartIssuerOptions } from '../../server.ts';
import { closeSigningPools } from '../../services/credentialSigner.ts';

/** Shared helpers of the issuance tests: a running issuer on a test database, tenants, requests, checks. */

export const OPERATOR_TOKEN = 'rcop_issuance_test_operator_token_0123456789';
export const KEY_ENCRYPTION_KEY = randomBytes(32);

/** Registers the file's clean-up: shared databases and the signing threads. */
export function cleanUpAfter(test: TestFn<unknown>): void {
  closeDatabasesAfter(test);
  test.after.always(() => closeSigningPools());
}

export interface TestIssuer extends RunningIssuer {
  /** Everything the issuer logged (pino JSON lines). */
  readonly logLines: string[];
}

export async function startTestIssuer(backend: Backend, options: StartIssuerOptions = {}): Promise<TestIssuer> {
  const database = await sharedDatabase('issuer', backend);
  const config = loadIssuerConfig({
    env: { ISSUER_PORT: '0', RADCRED_DATA_DIR: '/nonexistent', LOG_LEVEL: 'info' },
    demoSecrets: { operatorToken: OPERATOR_TOKEN, keyEncryptionKey: KEY_ENCRYPTION_KEY },
  });
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  const issuer = await startIssuer(config, {
    database,
    logger: createLogger({ name: 'issuer-test', level: 'info', destination: sink }),
    log: { batchMaxWaitMs: 5 },
    // Signing on the event loop unless a test asks for threads: each thread loads the JSON-LD stack.
    signingThreads: 0,
    ...options,
  });
  return Object.assign(issuer, { logLines });
}

export interface HttpAnswer<T = Record<string, unknown>> {
  readonly status: number;
  readonly contentType: string;
  readonly body: T;
  readonly headers: Headers;
}

export async function call<T = Record<string, unknown>>(
  url: string,
  init: { method?: string; token?: string; body?: unknown; rawBody?: string; contentType?: string; headers?: Record<string, string> } = {},
): Promise<HttpAnswer<T>> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
  const payload = init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
  if (payload !== undefined) headers['content-type'] = init.contentType ?? 'application/json';
  const response = await fetch(url, { method: init.method ?? (payload === undefined ? 'GET' : 'POST'), headers, ...(payload === undefined ? {} : { body: payload }) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: body as T, headers: response.headers };
}

export interface Tenant {
  readonly id: string;
  readonly did: string;
  readonly token: string;
  readonly name: string;
}

let tenantCounter = 0;

export async function createTenant(
  issuer: RunningIssuer,
  spec: { kind: 'state-medical-board' | 'specialty-board' | 'cme-provider' | 'cvo'; jurisdiction?: string; credentialTypes: string[]; name?: string },
): Promise<Tenant> {
  tenantCounter += 1;
  const name = spec.name ?? `${spec.kind} ${randomBytes(4).toString('hex')} ${tenantCounter}`;
  const answer = await call<{ id: string; did: string; token: string }>(`${issuer.url}/admin/issuers`, {
    token: OPERATOR_TOKEN,
    body: { name, kind: spec.kind, credentialTypes: spec.credentialTypes, ...(spec.jurisdiction ? { jurisdiction: spec.jurisdiction } : {}) },
  });
  if (answer.status !== 201) throw new Error(`creating tenant failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return { id: answer.body.id, did: answer.body.did, token: answer.body.token, name };
}

export async function demoTenants(issuer: RunningIssuer): Promise<{ board: Tenant; abr: Tenant; cme: Tenant }> {
  const [board, abr, cme] = await Promise.all([
    createTenant(issuer, { kind: 'state-medical-board', jurisdiction: 'US-NY', credentialTypes: ['MedicalLicenseCredential'] }),
    createTenant(issuer, { kind: 'specialty-board', credentialTypes: ['BoardCertificationCredential'] }),
    createTenant(issuer, { kind: 'cme-provider', credentialTypes: ['CMECreditCredential'] }),
  ]);
  return { board, abr, cme };
}

/** An unsigned VC 2.0 credential of `type` for `subjectDid` (what a tenant sends to /credentials/issue). */
export function unsignedCredential<T extends RadCredTypeName>(
  type: T,
  subjectDid: string | undefined,
  subjectOverrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const { id: _sample, ...subject } = structuredClone(sampleSubjects[type]) as Record<string, unknown>;
  return {
    '@context': [CREDENTIALS_V2_URL, RADCRED_CONTEXT_URL],
    type: ['VerifiableCredential', type],
    credentialSubject: { ...(subjectDid === undefined ? {} : { id: subjectDid }), ...subject, ...subjectOverrides },
  };
}

/** The offline loader, plus this test issuer's status lists fetched over HTTP (what a verifier would do). */
export function loaderWithStatusLists(issuerUrl: string, cache?: Map<string, unknown>): DocumentLoader {
  return async (url: string) => {
    if (url.startsWith(`${issuerUrl}/status/`)) {
      const cached = cache?.get(url);
      if (cached !== undefined) return { contextUrl: null, documentUrl: url, document: cached };
      const response = await fetch(url);
      if (!response.ok) throw new Error(`status list ${url}: HTTP ${response.status}`);
      const document: unknown = await response.json();
      cache?.set(url, document);
      return { contextUrl: null, documentUrl: url, document };
    }
    return documentLoader(url);
  };
}

const listCache = new Map<string, unknown>();

export interface StockVerification {
  readonly verified: boolean;
  readonly error: unknown;
  /** Bit per status purpose, as the stock status checker read it. */
  readonly status: Record<string, boolean>;
}

/**
 * Verifies a credential with the stock @digitalbazaar/vc verifier and stock Ed25519Signature2020
 * suite, the offline loader, and the stock Bitstring Status List checker (which verifies the list's
 * own signature and that it has the credential's issuer).
 */
export async function verifyWithStockVerifier(
  issuerUrl: string,
  credential: Record<string, unknown>,
  options: { reuseVerifiedLists?: boolean } = {},
): Promise<StockVerification> {
  // Big batches share two lists: verify each once (first use), then reuse it unchanged.
  const listUrls = ((credential.credentialStatus ?? []) as Array<{ statusListCredential?: string }>).map((e) => e.statusListCredential ?? '');
  const listsAlreadyVerified = options.reuseVerifiedLists === true && listUrls.every((url) => listCache.has(url));
  const loader = loaderWithStatusLists(issuerUrl, options.reuseVerifiedLists ? listCache : undefined);
  const result = await vc.verifyCredential({
    credential,
    suite: new Ed25519Signature2020(),
    documentLoader: loader,
    checkStatus: (o) =>
      checkStatus({
        ...o,
        documentLoader: loader,
        suite: new Ed25519Signature2020(),
        verifyBitstringStatusListCredential: !listsAlreadyVerified,
      }) as never,
  });
  const status: Record<string, boolean> = {};
  const results = (result.statusResult as { results?: Array<{ credentialStatus: { statusPurpose: string }; status: boolean }> } | undefined)?.results ?? [];
  for (const r of results) status[r.credentialStatus.statusPurpose] = r.status;
  return { verified: result.verified, error: result.error ?? result.results?.find((r) => !r.verified)?.error, status };
}

/** Checks a receipt with core/log against the issuer's published log key: the entry's leaf is in the signed tree. */
const logKeys = new Map<string, string>();

export async function verifyReceipt(issuerUrl: string, receipt: LogReceipt, expected: Partial<LogEntry>): Promise<void> {
  const key = logKeys.get(issuerUrl) ?? (await (await fetch(`${issuerUrl}/log/key`)).text());
  logKeys.set(issuerUrl, key);
  const computedLeaf = leafHash(encodeLogEntry(receipt.entry));
  if (toHex(computedLeaf) !== receipt.leafHash) throw new Error('the receipt leaf hash is not the hash of its entry');
  const verified = verifyTlogProof(receipt.proof, fromHex(receipt.leafHash), { log: verifierFromKey(key) });
  if (verified.index.toString() !== receipt.leafIndex) throw new Error('the receipt index does not match its proof');
  for (const [field, value] of Object.entries(expected)) {
    if ((receipt.entry as Record<string, unknown>)[field] !== value) throw new Error(`receipt entry ${field} is ${String((receipt.entry as Record<string, unknown>)[field])}, expected ${String(value)}`);
  }
}

/** Asserts an answer is problem+json with `status`, and returns its body. */
export function assertProblem(
  t: ExecutionContext,
  answer: HttpAnswer<unknown>,
  status: number,
  message?: string,
): { type: string; title: string; status: number; detail?: string; errors?: Array<{ path: string; message: string }> } {
  t.is(answer.status, status, `${message ?? 'status'}: ${JSON.stringify(answer.body)}`);
  t.regex(answer.contentType, /^application\/problem\+json/, message);
  const body = answer.body as { type: string; title: string; status: number };
  t.is(body.status, status);
  t.regex(body.type, /^https:\/\/w3id\.org\/radcred\/problems\//);
  return body as ReturnType<typeof assertProblem>;
}

/** Row counts of everything issuance writes (to prove a refused request wrote nothing). */
export async function issuanceCounts(issuer: RunningIssuer): Promise<Record<string, number>> {
  const db = issuer.deps.db as unknown as import('kysely').Kysely<Record<string, Record<string, unknown>>>;
  const counts: Record<string, number> = {};
  for (const table of ['issued_credentials', 'status_entries', 'credential_offers', 'log_queue', 'log_entries']) {
    const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  const lists = await db.selectFrom('status_lists').select(['version']).execute();
  counts.statusListVersions = lists.reduce((sum, row) => sum + Number(row.version), 0);
  return counts;
}
