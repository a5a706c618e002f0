import { loadWalletConfig } from './config.ts';
import { EXIT, messageOf } from './errors.ts';
import { runCli } from './run.ts';
import { createRuntime } from './runtime.ts';
import { processTerminal } from './ui/terminal.ts';

let exitCode: number;
try {
  const config = loadWalletConfig();
  exitCode = await runCli(process.argv.slice(2), createRuntime(config, processTerminal({ noColor: config.noColor })));
} catch (error) {
  // Only configuration errors get here (runCli catches the rest): still one readable line.
  process.stderr.write(`radwallet: ${messageOf(error)}\n`);
  exitCode = (error as { exitCode?: number }).exitCode ?? EXIT.error;
}
process.exitCode = exitCode;
