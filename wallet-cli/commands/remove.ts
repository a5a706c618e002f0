import type { Command } from 'commander';
import type { Runtime } from '../runtime.ts';
import { confirm } from '../ui/prompts.ts';
import { findCredential, summarize } from '../view/credentialView.ts';
import { withExamples } from './helpText.ts';

export interface RemoveOptions {
  readonly yes?: boolean;
  readonly json?: boolean;
}

/** Deletes a credential from the wallet (the issuer's records and the log are not affected). */
export async function removeCommand(runtime: Runtime, reference: string, options: RemoveOptions): Promise<void> {
  const { store, terminal } = runtime;
  await store.readWallet();
  const record = findCredential(await store.listCredentials(), reference);
  const summary = summarize(record, runtime.now());
  const label = `${summary.typeLabel} ${summary.ref} from ${summary.issuer.name} (${summary.keyFacts})`;
  if (!(await confirm(terminal, `Remove ${label}?`, { yes: options.yes }))) {
    terminal.err('Nothing removed.');
    return;
  }
  await store.removeCredential(record);
  if (options.json) terminal.out(JSON.stringify({ removed: summary }, null, 2));
  else terminal.out(`Removed ${label}.`);
}

export function registerRemove(program: Command, runtime: Runtime): void {
  withExamples(
    program
      .command('remove')
      .argument('<id>', 'the credential: its REF from radwallet list, or its urn:uuid id')
      .description('delete a credential from this wallet (asks first; --yes when not on a terminal)')
      .option('-y, --yes', 'do not ask for confirmation')
      .option('--json', 'print what was removed as JSON')
      .action((reference: string, options: RemoveOptions) => removeCommand(runtime, reference, options)),
    ['radwallet remove 3f1d6c2e', 'radwallet remove 3f1d6c2e --yes'],
  );
}
