import type { Command } from 'commander';
import { WalletError } from '../errors.ts';
import { createWalletFile } from '../keystore.ts';
import { askNewPassphrase } from '../passphrase.ts';
import type { Runtime } from '../runtime.ts';
import { withExamples } from './helpText.ts';

export interface InitOptions {
  readonly json?: boolean;
}

/** Creates the wallet: a new Ed25519 did:key whose private key is sealed with the passphrase. */
export async function initCommand(runtime: Runtime, options: InitOptions): Promise<void> {
  const { store, terminal } = runtime;
  // Refuse before asking for a passphrase; create() checks again.
  if (await store.exists()) {
    throw new WalletError('wallet.exists', `a wallet already exists at ${store.home} (choose another RADWALLET_HOME, or restore into an empty one with import)`);
  }
  const passphrase = await askNewPassphrase(runtime);
  const { wallet } = await createWalletFile(passphrase, { params: runtime.config.scryptParams, now: runtime.now() });
  await store.create(wallet);
  await store.sweepTemporaryFiles();
  if (options.json) {
    terminal.out(JSON.stringify({ did: wallet.did, home: store.home }, null, 2));
    return;
  }
  terminal.out(`Created a wallet in ${store.home}`);
  terminal.out(`Your DID: ${terminal.style.bold(wallet.did)}`);
  terminal.out('Give this DID to your boards and CME providers, or pick up their offers with: radwallet receive <offer-url>');
}

export function registerInit(program: Command, runtime: Runtime): void {
  withExamples(
    program
      .command('init')
      .description('create a wallet: a new holder DID (did:key) with its private key encrypted by your passphrase')
      .option('--json', 'print {did, home} as JSON')
      .action((options: InitOptions) => initCommand(runtime, options)),
    ['radwallet init', 'RADWALLET_HOME=~/work-wallet RADWALLET_PASSPHRASE=… radwallet init --json'],
  );
}
