import type { Command } from 'commander';
import type { Runtime } from '../runtime.ts';
import { withExamples } from './helpText.ts';

export interface DidOptions {
  readonly json?: boolean;
}

/** Prints the wallet's DID (no passphrase needed: the DID is public). */
export async function didCommand(runtime: Runtime, options: DidOptions): Promise<void> {
  const wallet = await runtime.store.readWallet();
  runtime.terminal.out(options.json ? JSON.stringify({ did: wallet.did, createdAt: wallet.createdAt }, null, 2) : wallet.did);
}

export function registerDid(program: Command, runtime: Runtime): void {
  withExamples(
    program
      .command('did')
      .description("print this wallet's DID, the identifier your credentials are issued to")
      .option('--json', 'print {did, createdAt} as JSON')
      .action((options: DidOptions) => didCommand(runtime, options)),
    ['radwallet did', 'radwallet did --json'],
  );
}
