import { availableParallelism } from 'node:os';
import { signCredentials, type JsonObject } from './credentialSigning.ts';
import { signedRecord } from './signedRecord.ts';
import type { SignedRecord } from './signingMessages.ts';
import { SigningPool } from './signingPool.ts';
import type { TenantSigningKey } from './tenantSigner.ts';

/**
 * Where credentials get signed: on the event loop, or on a pool of worker threads so that signing
 * (JSON-LD canonicalisation, most of an issue's CPU time) uses every core while the main thread
 * serves HTTP and the database. Both produce the same proofs.
 */
export interface CredentialSigner {
  /** Signs each credential with the tenant's key; result i is credentials[i] with its proof. */
  sign(key: TenantSigningKey, credentials: readonly JsonObject[], date: Date): Promise<JsonObject[]>;
  /** Same signatures, answered as JSON text + log credentialHash (signingMessages.ts), for recording. */
  signRecords(key: TenantSigningKey, credentials: readonly JsonObject[], date: Date): Promise<SignedRecord[]>;
  /** Signing threads in use (0 = the event loop). */
  readonly threads: number;
}

export const inProcessSigner: CredentialSigner = Object.freeze({
  threads: 0,
  sign: (key: TenantSigningKey, credentials: readonly JsonObject[], date: Date) => signCredentials(credentials, key.signer, date),
  signRecords: async (key: TenantSigningKey, credentials: readonly JsonObject[], date: Date) =>
    (await signCredentials(credentials, key.signer, date)).map(signedRecord),
});

const pools = new Map<number, SigningPool>();

/**
 * A signer with `threads` worker threads (default: one per core), shared by every issuer in the
 * process; 0 signs on the event loop. The threads are unref'd: they never keep the process alive.
 */
export function credentialSigner(threads: number = availableParallelism()): CredentialSigner {
  if (!Number.isInteger(threads) || threads < 0 || threads > 64) throw new RangeError(`signing threads must be 0..64, got ${threads}`);
  if (threads === 0) return inProcessSigner;
  let pool = pools.get(threads);
  if (!pool) {
    pool = new SigningPool(threads);
    pools.set(threads, pool);
  }
  return pool;
}

/** Stops every shared signing pool (tests and benchmarks that want a clean exit). */
export async function closeSigningPools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((pool) => pool.close()));
}
