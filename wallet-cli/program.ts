import { Command } from 'commander';
import { registerCheck } from './commands/check.ts';
import { registerDid } from './commands/did.ts';
import { registerExport } from './commands/export.ts';
import { registerImport } from './commands/import.ts';
import { registerInit } from './commands/init.ts';
import { registerList } from './commands/list.ts';
import { registerPresent } from './commands/present.ts';
import { registerReceive } from './commands/receive.ts';
import { registerRefresh } from './commands/refresh.ts';
import { registerRemove } from './commands/remove.ts';
import { registerShow } from './commands/show.ts';
import type { Runtime } from './runtime.ts';

/**
 * The radwallet program. Each command lives in commands/<name>.ts and registers itself here;
 * `buildProgram` is separate from `main.ts` so tests can drive it in-process (see run.ts).
 * Commander never exits the process: `exitOverride` turns its errors into exceptions that
 * `runCli` maps to exit code 2, and its output goes through the runtime's terminal.
 */
export function buildProgram(runtime: Runtime): Command {
  const program = new Command();
  const strip = (text: string) => text.replace(/\n$/, '');
  program
    .name('radwallet')
    .description("A radiologist's wallet: your own keys and verifiable credentials, encrypted at rest, presented on your terms.")
    .version('0.1.0')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => runtime.terminal.out(strip(text)),
      writeErr: (text) => runtime.terminal.err(strip(text)),
    })
    .showHelpAfterError('(run radwallet --help for usage)')
    .addHelpText(
      'after',
      `
Environment:
  RADWALLET_HOME        wallet directory (default ~/.radwallet)
  RADWALLET_PASSPHRASE  passphrase for non-interactive use (otherwise asked on the terminal, without echo)
  NO_COLOR              never colour the output (colour is only used on a terminal anyway)

Exit codes:
  0 ok   1 error (wrong passphrase, no wallet, network, duplicate…)   2 usage (bad arguments, missing --yes/--pick/passphrase)
  3 credential problem (refused on receive; revoked, suspended, expired or invalid on check)   4 verifier rejected the presentation

Example:
  radwallet init && radwallet receive https://issuer.example/offers/… && radwallet list`,
    );
  registerInit(program, runtime);
  registerDid(program, runtime);
  registerReceive(program, runtime);
  registerList(program, runtime);
  registerShow(program, runtime);
  registerCheck(program, runtime);
  registerRefresh(program, runtime);
  registerPresent(program, runtime);
  registerExport(program, runtime);
  registerImport(program, runtime);
  registerRemove(program, runtime);
  return program;
}
