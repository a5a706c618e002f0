import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { ConfigError } from '../../core/config/envParsing.ts';
import { MAX_BATCH } from '../services/issueCredentials.ts';
import { loadRosterConfig } from './config.ts';
import { issueRoster, RosterError } from './issueRoster.ts';
import { progressFor, type ProgressStream } from './progress.ts';

/** The issuer's command line (`npm run issuer -- <command>`). */
export interface CliIo {
  readonly stdout: ProgressStream;
  readonly stderr: ProgressStream;
  /** The environment to read settings from (default: the process's, read in config.ts). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

function positiveInteger(max: number) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new InvalidArgumentError(`must be a whole number from 1 to ${max}`);
    return n;
  };
}

export const EXIT = { ok: 0, rowsFailed: 1, usage: 2 } as const;

export function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('radcred-issuer')
    .description('RadCred issuer service tools')
    .exitOverride()
    .configureOutput({ writeOut: (text) => void io.stdout.write(text), writeErr: (text) => void io.stderr.write(text) });

  program
    .command('issue-roster')
    .description('issue one credential per roster row (CSV with a header) through the issuer API, in batches')
    .argument('<roster>', 'CSV file: a "did" column and the credential subject\'s fields by name')
    .requiredOption('--issuer <id>', 'the issuing tenant\'s id (see GET /issuers)')
    .option('--token <token>', 'tenant API token (default: RADCRED_ISSUER_TOKEN)')
    .option('--url <url>', 'issuer service URL (default: RADCRED_ISSUER_URL or http://127.0.0.1:4100)')
    .option('--type <type>', 'credential type (default: the tenant\'s only type)')
    .option('-o, --output <file>', 'where to write the issued credentials (default: <roster>.issued.json)')
    .option('--batch-size <n>', `rows per issue-batch request (max ${MAX_BATCH})`, positiveInteger(MAX_BATCH), 500)
    .addHelpText(
      'after',
      [
        '',
        'Example:',
        '  RADCRED_ISSUER_TOKEN=rcit_… npm run issuer -- issue-roster --issuer 6f1c… renewals-2026.csv',
        '',
        'Columns: did (the radiologist\'s did:key), then fields such as name, npi, licenseNumber, licenseType,',
        'licenseStatus, issuedOn, expiresOn, restrictions (";"-separated), interstateCompact (yes/no);',
        'optional credentialId, validFrom, validUntil. Exit status: 0 all rows issued, 1 some rows failed, 2 nothing done.',
      ].join('\n'),
    )
    .action(async (roster: string, flags: { issuer: string; token?: string; url?: string; type?: string; output?: string; batchSize: number }) => {
      const config = io.env === undefined ? loadRosterConfig() : loadRosterConfig(io.env);
      const token = flags.token ?? config.token;
      if (token === undefined) throw new RosterError('roster.token.missing', 'no API token: pass --token or set RADCRED_ISSUER_TOKEN');
      const issuerUrl = (flags.url ?? config.issuerUrl).replace(/\/+$/, '');
      const outcome = await issueRoster({
        issuerUrl,
        token,
        issuerId: flags.issuer,
        file: roster,
        type: flags.type,
        output: flags.output,
        batchSize: flags.batchSize,
        progress: progressFor(io.stderr),
      });
      io.stdout.write(`Issued ${outcome.issued} of ${outcome.rows} rows; credentials written to ${outcome.outputFile}\n`);
      if (outcome.problems.length > 0) {
        const lines = new Set(outcome.problems.map((p) => p.line)).size;
        io.stderr.write(`${lines} row(s) not issued:\n`);
        for (const problem of outcome.problems) io.stderr.write(`  line ${problem.line}, column "${problem.field}": ${problem.message}\n`);
        setExit(EXIT.rowsFailed);
      }
    });
  return program;
}

/** Runs the command line; resolves to the exit status. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exit: number = EXIT.ok;
  const program = buildProgram(io, (code) => {
    exit = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exit;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (error instanceof RosterError || error instanceof ConfigError) {
      io.stderr.write(`radcred-issuer: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}
