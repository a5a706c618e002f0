import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { WalletError } from '../errors.ts';
import { unlockHolderKey } from '../keystore.ts';
import { askPassphrase } from '../passphrase.ts';
import type { Runtime } from '../runtime.ts';
import { openBackup } from '../store/backup.ts';
import { walletFileSchema } from '../store/schemas.ts';
import { TRUST_FILE, WALLET_FILE } from '../store/walletStore.ts';
import { confirm } from '../ui/prompts.ts';
import { withExamples } from './helpText.ts';

export interface ImportOptions {
  readonly force?: boolean;
  readonly yes?: boolean;
  readonly json?: boolean;
}

/** Restores a backup made by `export`, byte for byte, into RADWALLET_HOME. */
export async function importCommand(runtime: Runtime, file: string, options: ImportOptions): Promise<void> {
  const { store, terminal } = runtime;
  const source = path.resolve(file);
  let text: string;
  try {
    text = await readFile(source, 'utf8');
  } catch (error) {
    throw new WalletError('wallet.input.invalid', `cannot read ${source}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const exists = await store.exists();
  if (exists && !options.force) {
    throw new WalletError('wallet.exists', `a wallet already exists at ${store.home}: import into an empty RADWALLET_HOME, or pass --force to replace it`);
  }
  const passphrase = await askPassphrase(runtime, 'Backup passphrase: ');
  const files = await openBackup(text, passphrase, source);
  const wallet = walletFileSchema.parse(JSON.parse(files.get(WALLET_FILE) as string));
  await unlockHolderKey(wallet, passphrase, `${source} (${WALLET_FILE})`);
  if (exists) {
    const current = await store.readWallet().catch(() => undefined);
    const what = current === undefined ? `the wallet at ${store.home}` : `the wallet ${current.did} at ${store.home}`;
    if (!(await confirm(terminal, `Replace ${what} and all its credentials with the backup?`, { yes: options.yes }))) {
      terminal.err('Nothing imported.');
      return;
    }
    await store.removeAllCredentials();
    if (!files.has(TRUST_FILE)) await store.removeTrust();
  }
  // Credentials and trust first, wallet.json last: a crash part-way leaves no wallet that looks complete.
  const names = [...files.keys()].sort((a, b) => Number(a === WALLET_FILE) - Number(b === WALLET_FILE));
  for (const name of names) await store.writeRaw(name, files.get(name) as string);
  const credentials = names.filter((name) => name.startsWith('credentials/')).length;
  if (options.json) {
    terminal.out(JSON.stringify({ did: wallet.did, home: store.home, credentials }, null, 2));
    return;
  }
  terminal.out(`Restored the wallet ${wallet.did} (${credentials} credential${credentials === 1 ? '' : 's'}) into ${store.home}.`);
}

export function registerImport(program: Command, runtime: Runtime): void {
  withExamples(
    program
      .command('import')
      .argument('<file>', 'a backup written by radwallet export')
      .description('restore a wallet from an encrypted backup (into an empty RADWALLET_HOME, or --force to replace)')
      .option('--force', 'replace the wallet that is already there (asks first; --yes when not on a terminal)')
      .option('-y, --yes', 'with --force: do not ask for confirmation')
      .option('--json', 'print {did, home, credentials} as JSON')
      .action((file: string, options: ImportOptions) => importCommand(runtime, file, options)),
    ['radwallet import ~/radwallet-backup.json', 'RADWALLET_HOME=/tmp/restored RADWALLET_PASSPHRASE=… radwallet import backup.json'],
  );
}
