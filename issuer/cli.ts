import { runCli } from './roster/program.ts';

/** `npm run issuer -- <command>`: the issuer's command-line tools (issue-roster). */
runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`radcred-issuer: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
