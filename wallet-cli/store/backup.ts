import { z } from 'zod';
import { CryptoError } from '../../core/crypto/errors.ts';
import { openWithPassphrase, sealWithPassphrase, type ScryptParams } from '../../core/crypto/keyEncryption.ts';
import { WalletError } from '../errors.ts';
import { credentialRecordSchema, sealedKeySchema, trustFileSchema, walletFileSchema } from './schemas.ts';
import { CREDENTIALS_DIR, TRUST_FILE, WALLET_FILE } from './walletStore.ts';

/**
 * The encrypted backup (`export` / `import`): every wallet file, byte for byte, in one JSON
 * document sealed with the wallet passphrase (core/crypto scrypt → AES-256-GCM, its own AAD label so
 * a backup is never mistaken for a key). Restoring writes the same bytes back: the round trip is exact.
 * Outside the seal there is only the format and the creation time — no DID, no names.
 */
export const BACKUP_FORMAT = 'radwallet-backup/1';
const CONTENT_FORMAT = 'radwallet-backup-content/1';
const BACKUP_LABEL = 'radwallet backup v1';

const backupFileSchema = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  createdAt: z.iso.datetime({ offset: true }),
  sealed: sealedKeySchema,
});

const backupContentSchema = z.strictObject({
  format: z.literal(CONTENT_FORMAT),
  files: z.record(z.string(), z.string()),
});

const CREDENTIAL_PATH = new RegExp(`^${CREDENTIALS_DIR}/([0-9a-f]{64})\\.json$`);

export async function sealBackup(files: ReadonlyMap<string, string>, passphrase: string, options: { params?: ScryptParams | undefined; now: Date }): Promise<string> {
  const content = JSON.stringify({ format: CONTENT_FORMAT, files: Object.fromEntries(files) });
  const sealed = await sealWithPassphrase(Buffer.from(content, 'utf8'), passphrase, {
    label: BACKUP_LABEL,
    ...(options.params === undefined ? {} : { params: options.params }),
  });
  return `${JSON.stringify({ format: BACKUP_FORMAT, createdAt: options.now.toISOString(), sealed }, null, 2)}\n`;
}

/** Opens and validates a backup; every file inside must be one radwallet could have written. */
export async function openBackup(text: string, passphrase: string, source: string): Promise<Map<string, string>> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new WalletError('wallet.backup.invalid', `${source} is not a radwallet backup (not JSON)`);
  }
  const outer = backupFileSchema.safeParse(json);
  if (!outer.success) {
    const issue = outer.error.issues[0];
    throw new WalletError('wallet.backup.invalid', `${source} is not a radwallet backup (${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'})`);
  }
  let plaintext: Uint8Array;
  try {
    plaintext = await openWithPassphrase(outer.data.sealed, passphrase, { label: BACKUP_LABEL });
  } catch (error) {
    if (error instanceof CryptoError && error.code === 'crypto.decrypt.failed') {
      throw new WalletError('wallet.passphrase.wrong', `wrong passphrase: the backup ${source} did not open (or it was altered)`);
    }
    throw error;
  }
  const content = backupContentSchema.safeParse(JSON.parse(Buffer.from(plaintext).toString('utf8')));
  if (!content.success) throw new WalletError('wallet.backup.invalid', `${source}: the backup's content is not in the expected format`);
  const files = new Map(Object.entries(content.data.files));
  validateFiles(files, source);
  return files;
}

function validateFiles(files: ReadonlyMap<string, string>, source: string): void {
  if (!files.has(WALLET_FILE)) throw new WalletError('wallet.backup.invalid', `${source}: the backup has no ${WALLET_FILE}`);
  for (const [name, text] of files) {
    const schema = name === WALLET_FILE ? walletFileSchema : name === TRUST_FILE ? trustFileSchema : CREDENTIAL_PATH.test(name) ? credentialRecordSchema : undefined;
    // Only the names radwallet writes: nothing in a backup can point outside the wallet directory.
    if (schema === undefined) throw new WalletError('wallet.backup.invalid', `${source}: unexpected file "${name.slice(0, 80)}" in the backup`);
    let parsed: { success: boolean; data?: unknown };
    try {
      parsed = schema.safeParse(JSON.parse(text));
    } catch {
      parsed = { success: false };
    }
    if (!parsed.success) throw new WalletError('wallet.backup.invalid', `${source}: ${name} in the backup is damaged`);
    const hash = CREDENTIAL_PATH.exec(name)?.[1];
    if (hash !== undefined && (parsed.data as { credentialHash: string }).credentialHash !== `sha256:${hash}`) {
      throw new WalletError('wallet.backup.invalid', `${source}: ${name} holds a different credential than its name says`);
    }
  }
}
