import { WalletError } from './errors.ts';
import type { Runtime } from './runtime.ts';

/** NIST SP 800-63B's floor for memorised secrets; the scrypt cost does the rest. */
export const MIN_PASSPHRASE_LENGTH = 8;

/** The passphrase that unlocks the wallet: RADWALLET_PASSPHRASE, else a prompt without echo. */
export async function askPassphrase(runtime: Runtime, question = 'Wallet passphrase: '): Promise<string> {
  if (runtime.config.passphrase !== undefined) return runtime.config.passphrase;
  if (!runtime.terminal.interactive) throw missing();
  const answer = await runtime.terminal.promptSecret(question);
  if (answer === '') throw new WalletError('wallet.passphrase.missing', 'no passphrase given');
  return answer;
}

/** A new passphrase (init): typed twice on a terminal, at least MIN_PASSPHRASE_LENGTH characters. */
export async function askNewPassphrase(runtime: Runtime): Promise<string> {
  if (runtime.config.passphrase !== undefined) return checkStrength(runtime.config.passphrase);
  if (!runtime.terminal.interactive) throw missing();
  for (let attempt = 1; ; attempt += 1) {
    const first = await runtime.terminal.promptSecret(`New wallet passphrase (at least ${MIN_PASSPHRASE_LENGTH} characters): `);
    try {
      checkStrength(first);
    } catch (error) {
      if (attempt >= 3) throw error;
      runtime.terminal.err((error as Error).message);
      continue;
    }
    const second = await runtime.terminal.promptSecret('Repeat the passphrase: ');
    if (first === second) return first;
    if (attempt >= 3) throw new WalletError('wallet.passphrase.missing', 'the passphrases did not match');
    runtime.terminal.err('The passphrases did not match; try again.');
  }
}

function checkStrength(passphrase: string): string {
  if ([...passphrase].length < MIN_PASSPHRASE_LENGTH) {
    throw new WalletError('wallet.passphrase.weak', `the passphrase must have at least ${MIN_PASSPHRASE_LENGTH} characters`);
  }
  return passphrase;
}

function missing(): WalletError {
  return new WalletError('wallet.passphrase.missing', 'a passphrase is needed: set RADWALLET_PASSPHRASE or run radwallet on a terminal');
}
