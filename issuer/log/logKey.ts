import { randomBytes } from 'node:crypto';
import { decryptWithKek, encryptWithKek } from '../../core/crypto/keyEncryption.ts';
import { ed25519NoteSigner, isValidKeyName, type KeyedNoteSigner } from '../../core/log/index.ts';
import { CredentialLogError } from './errors.ts';
import type { LogDb } from './logDatabase.ts';

/**
 * The log's Ed25519 checkpoint-signing key: one per origin (the key name is the origin), generated on
 * first open and stored with its seed encrypted under the key-encryption key. Two processes opening
 * a fresh database at once both try to insert; the first insert wins and both load that one.
 */

const SEED_BYTES = 32;

/** AAD binding the ciphertext to its row: a seed copied to another origin's row does not decrypt. */
function keyLabel(origin: string): string {
  return `radcred-log-key:${origin}`;
}

export async function loadOrCreateLogSigner(db: LogDb, origin: string, keyEncryptionKey: Uint8Array): Promise<KeyedNoteSigner> {
  if (!isValidKeyName(origin)) {
    throw new CredentialLogError('log.key.invalid', `log origin "${origin}" is not a valid C2SP key name (no spaces, no "+")`);
  }
  let row = await db.selectFrom('log_keys').select(['verifier_key', 'encrypted_seed']).where('origin', '=', origin).executeTakeFirst();
  if (row === undefined) {
    const seed = new Uint8Array(randomBytes(SEED_BYTES));
    const signer = ed25519NoteSigner(origin, seed);
    await db
      .insertInto('log_keys')
      .values({ origin, verifier_key: signer.verifierKey, encrypted_seed: encryptWithKek(seed, keyEncryptionKey, keyLabel(origin)) })
      .onConflict((oc) => oc.column('origin').doNothing())
      .execute();
    seed.fill(0);
    row = await db.selectFrom('log_keys').select(['verifier_key', 'encrypted_seed']).where('origin', '=', origin).executeTakeFirstOrThrow();
  }
  let seed: Uint8Array;
  try {
    seed = decryptWithKek(row.encrypted_seed, keyEncryptionKey, keyLabel(origin));
  } catch (error) {
    throw new CredentialLogError(
      'log.key.invalid',
      `cannot decrypt the signing key of log ${origin}: is RADCRED_KEY_ENCRYPTION_KEY the one it was created with?`,
      { cause: error },
    );
  }
  const signer = ed25519NoteSigner(origin, seed);
  seed.fill(0);
  if (signer.verifierKey !== row.verifier_key) {
    throw new CredentialLogError('log.key.invalid', `the stored signing key of log ${origin} does not match its stored verifier key`);
  }
  return signer;
}
