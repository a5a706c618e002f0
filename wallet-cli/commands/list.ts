import type { Command } from 'commander';
import type { Runtime } from '../runtime.ts';
import { renderTable } from '../ui/table.ts';
import { summarize } from '../view/credentialView.ts';
import { standingText } from '../view/standing.ts';
import { withExamples } from './helpText.ts';

export interface ListOptions {
  readonly json?: boolean;
}

/** The credentials as a table (or JSON): type, issuer, key facts, valid until, status. No passphrase needed. */
export async function listCommand(runtime: Runtime, options: ListOptions): Promise<void> {
  const { store, terminal } = runtime;
  await store.readWallet();
  const summaries = (await store.listCredentials()).map((record) => summarize(record, runtime.now()));
  if (options.json) {
    terminal.out(JSON.stringify(summaries, null, 2));
    return;
  }
  if (summaries.length === 0) {
    terminal.out('No credentials yet. Pick one up with: radwallet receive <offer-url | file>');
    return;
  }
  const style = terminal.style;
  const rows = summaries.map((s) => [
    s.ref,
    s.typeLabel,
    s.issuer.name,
    s.keyFacts,
    s.validUntil === null ? '—' : s.validUntil.slice(0, 10),
    standingText(s.status, style),
  ]);
  for (const line of renderTable(['REF', 'TYPE', 'ISSUER', 'KEY FACTS', 'VALID UNTIL', 'STATUS'].map((h) => style.bold(h)), rows)) {
    terminal.out(line.trimEnd());
  }
  const checked = summaries.map((s) => s.checkedAt).filter((at): at is string => at !== null).sort();
  if (checked.length > 0) terminal.out(style.dim(`Status as of the last check (oldest ${checked[0]?.slice(0, 16).replace('T', ' ')} UTC); run radwallet refresh to update.`));
}

export function registerList(program: Command, runtime: Runtime): void {
  withExamples(
    program
      .command('list')
      .description('list your credentials: type, issuer, key facts, valid until, status')
      .option('--json', 'print an array of credential summaries as JSON')
      .action((options: ListOptions) => listCommand(runtime, options)),
    ['radwallet list', 'radwallet list --json | jq \'.[] | select(.status != "valid")\''],
  );
}
