import { randomBytes } from 'node:crypto';
import type { TestFn } from 'ava';
import { closeDatabasesAfter, sharedDatabase } from '../../../core/db/testing/testDatabase.ts';
import { createLogger } from '../../../core/http/logger.ts';
import { loadIssuerConfig } from '../../../issuer/config.ts';
import { startIssuer, type RunningIssuer } from '../../../issuer/server.ts';
import { seedDemo, type DemoFile } from '../../../scripts/demoSeed.ts';
import { loadVerifierConfig } from '../../../verifier/config.ts';
import { startVerifier, type RunningVerifier } from '../../../verifier/server.ts';

/**
 * The real issuer and verifier, in this process on ephemeral ports with PGlite test databases,
 * seeded as `npm start` seeds the demo (three tenants, a verifier that trusts them, the
 * "Diagnostic radiology privileges" policy) and with the issuer's log pinned at the verifier.
 */
export interface Services {
  readonly issuer: RunningIssuer;
  readonly verifier: RunningVerifier;
  readonly demo: DemoFile;
  tenant(kind: 'state-medical-board' | 'specialty-board' | 'cme-provider'): DemoFile['tenants'][number];
  api<T = Record<string, unknown>>(method: string, url: string, token: string | undefined, body?: unknown): Promise<{ status: number; body: T }>;
}

export function useServices(test: TestFn<unknown>, dataDir: () => string): () => Promise<Services> {
  let started: Promise<Services> | undefined;
  // Servers stop before their databases close (hooks run in the order they are registered).
  test.after.always(async () => {
    if (started) {
      const services = await started.catch(() => undefined);
      await Promise.all([services?.issuer.close(), services?.verifier.close()]);
    }
  });
  closeDatabasesAfter(test);
  return () => (started ??= start(dataDir()));
}

async function api<T>(method: string, url: string, token: string | undefined, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(url, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text === '' ? {} : JSON.parse(text)) as T };
}

async function start(dataDir: string): Promise<Services> {
  const silent = () => createLogger({ name: 'wallet-test', level: 'silent' });
  const [issuerDb, verifierDb] = await Promise.all([sharedDatabase('issuer', 'pglite'), sharedDatabase('verifier', 'pglite')]);
  const issuer = await startIssuer(
    loadIssuerConfig({ env: { ISSUER_PORT: '0', RADCRED_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, demoSecrets: { operatorToken: `rcop_${randomBytes(18).toString('hex')}`, keyEncryptionKey: randomBytes(32) } }),
    // signingThreads 0: issuer.close() does not stop the signing worker threads, which keeps a test process alive.
    { database: issuerDb, logger: silent(), signingThreads: 0 },
  );
  const verifier = await startVerifier(
    loadVerifierConfig({ env: { VERIFIER_ADMIN_TOKEN: `admin-${randomBytes(16).toString('hex')}`, VERIFIER_PORT: '0', VERIFIER_MONITOR_INTERVAL_SECONDS: '0', VERIFIER_STATUS_CACHE_SECONDS: '0', LOG_LEVEL: 'silent' } }),
    { database: verifierDb, logger: silent() },
  );
  const demo = await seedDemo({ dataDir, issuer: issuer.deps, verifier: verifier.deps, issuerUrl: issuer.url, verifierUrl: verifier.url });
  const pinned = await api('POST', `${verifier.url}/trusted-logs`, demo.verifierToken, { issuerServiceUrl: issuer.url });
  if (pinned.status !== 201 && pinned.status !== 409) throw new Error(`pinning the issuer log at the verifier failed: ${JSON.stringify(pinned.body)}`);
  return {
    issuer,
    verifier,
    demo,
    tenant(kind) {
      const found = demo.tenants.find((t) => t.kind === kind);
      if (!found) throw new Error(`no ${kind} tenant`);
      return found;
    },
    api,
  };
}
