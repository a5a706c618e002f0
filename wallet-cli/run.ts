import { CommanderError } from 'commander';
import { EXIT, messageOf, WalletError } from './errors.ts';
import { buildProgram } from './program.ts';
import type { Runtime } from './runtime.ts';

/**
 * Runs radwallet with user arguments (no "node" / script prefix) and returns the exit code.
 * Every failure becomes one line on stderr, never a stack trace: the wallet is used by people.
 */
export async function runCli(args: readonly string[], runtime: Runtime): Promise<number> {
  const program = buildProgram(runtime);
  try {
    await program.parseAsync([...args], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message (or the help / version).
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof WalletError) {
      runtime.terminal.err(`radwallet: ${error.message}`);
      return error.exitCode;
    }
    runtime.terminal.err(`radwallet: ${messageOf(error).split('\n')[0]}`);
    return EXIT.error;
  }
}
