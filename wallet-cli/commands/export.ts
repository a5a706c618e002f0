import { access } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { writeFileAtomic } from '../../core/fs/atomicWrite.ts';
import { WalletError } from '../errors.ts';
import { unlockHolderKey } from '../keystore.ts';
import { askPassphrase } from '../passphrase.ts';
import type { Runtime } from '../runtime.ts';
import { sealBackup } from '../store/backup.ts';
import { withExamples } from './helpText.ts';

export interface ExportOptions {
  readonly output: string;
  readonly force?: boolean;
  readonly json?: boolean;
}

/** Writes an encrypted backup of the whole wallet (key, credentials, pinned log keys), mode 0600. */
export async function exportCommand(runtime: Runtime, options: ExportOptions): Promise<void> {
  const { store, terminal } = runtime;
  const wallet = await store.readWallet();
  const output = path.resolve(options.output);
  if (!options.force && (await fileExists(output))) {
    throw new WalletError('wallet.exists', `${output} already exists (use --force to overwrite it)`);
  }
  const passphrase = await askPassphrase(runtime);
  // The backup is sealed with this passphrase: prove it is the wallet's, so a typo cannot produce a backup nobody can open.
  await unlockHolderKey(wallet, passphrase, store.walletPath);
  const files = await store.snapshot();
  const text = await sealBackup(files, passphrase, { params: runtime.config.scryptParams, now: runtime.now() });
  await writeFileAtomic(output, text, 0o600);
  const credentials = [...files.keys()].filter((name) => name.startsWith('credentials/')).length;
  if (options.json) {
    terminal.out(JSON.stringify({ file: output, did: wallet.did, credentials }, null, 2));
    return;
  }
  terminal.out(`Backed up the wallet ${wallet.did} (${credentials} credential${credentials === 1 ? '' : 's'}) to ${output}.`);
  terminal.out('It is encrypted with your wallet passphrase; restore it with: radwallet import <file>');
}

async function fileExists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

export function registerExport(program: Command, runtime: Runtime): void {
  withExamples(
    program
      .command('export')
      .description('write an encrypted backup of the wallet (opens with your wallet passphrase)')
      .requiredOption('-o, --output <file>', 'the backup file to write (mode 0600)')
      .option('--force', 'overwrite the file if it exists')
      .option('--json', 'print {file, did, credentials} as JSON')
      .action((options: ExportOptions) => exportCommand(runtime, options)),
    ['radwallet export -o ~/radwallet-backup.json', 'RADWALLET_PASSPHRASE=… radwallet export -o /media/usb/radwallet.backup --force'],
  );
}
