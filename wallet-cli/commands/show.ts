import type { Command } from 'commander';
import { credentialTypeOf, validFromOf, validUntilOf } from '../credentialShape.ts';
import type { Runtime } from '../runtime.ts';
import { renderTable } from '../ui/table.ts';
import { findCredential, summarize } from '../view/credentialView.ts';
import { receiptPosition } from '../view/receiptView.ts';
import { standingText } from '../view/standing.ts';
import { withExamples } from './helpText.ts';

export interface ShowOptions {
  readonly json?: boolean;
}

/** Everything about one credential: what it says, who signed it, its status, its log receipt. */
export async function showCommand(runtime: Runtime, reference: string, options: ShowOptions): Promise<void> {
  const { store, terminal } = runtime;
  const wallet = await store.readWallet();
  const record = findCredential(await store.listCredentials(), reference);
  const summary = summarize(record, runtime.now());
  if (options.json) {
    terminal.out(JSON.stringify({ ...summary, record }, null, 2));
    return;
  }
  const style = terminal.style;
  const subject = record.credential.credentialSubject;
  const status = `${standingText(summary.status, style)}${summary.checkedAt === null ? '' : style.dim(` (checked ${summary.checkedAt})`)}`;
  const position = receiptPosition(record.receipt);
  const fields: [string, string][] = [
    ['ref', summary.ref],
    ['id', record.credential.id],
    ['type', credentialTypeOf(record.credential)],
    ['issuer', `${record.issuer.name} (${record.issuer.did})`],
    ['holder', subject.id === wallet.did ? `${subject.id} (this wallet)` : `${subject.id} (NOT this wallet)`],
    ['key facts', summary.keyFacts],
    ['valid from', validFromOf(record.credential) ?? '—'],
    ['valid until', validUntilOf(record.credential) ?? '—'],
    ['status', status],
    ['log receipt', position ? `entry ${position.index} of ${position.treeSize} in ${position.origin} (${record.serviceUrl})` : 'unreadable'],
    ['received', `${record.receivedAt} (from ${record.source === 'offer' ? 'an offer' : 'a file'})`],
  ];
  terminal.out(style.bold(summary.typeLabel));
  for (const line of renderTable(['', ''], fields).slice(1)) terminal.out(`  ${line}`);
  terminal.out('');
  terminal.out(style.bold('What it says (disclosed in full when you present it)'));
  const subjectRows = Object.entries(subject).map(([key, value]) => [key, formatValue(value)]);
  for (const line of renderTable(['', ''], subjectRows).slice(1)) terminal.out(`  ${line}`);
  if (record.lastCheck) {
    terminal.out('');
    terminal.out(style.bold('Last check'));
    for (const check of record.lastCheck.checks) {
      terminal.out(`  ${check.ok ? style.green('ok  ') : style.red('FAIL')} ${check.check}: ${check.detail}`);
    }
  }
}

function formatValue(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : value.map((v) => formatValue(v)).join(', ');
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function registerShow(program: Command, runtime: Runtime): void {
  withExamples(
    program
      .command('show')
      .argument('<id>', 'the credential: its REF from radwallet list (or a unique prefix), or its urn:uuid id')
      .description('show one credential in full: every field, issuer, validity, status, log receipt')
      .option('--json', 'print the stored record and its summary as JSON')
      .action((reference: string, options: ShowOptions) => showCommand(runtime, reference, options)),
    ['radwallet show 3f1d6c2e', 'radwallet show urn:uuid:0b6f… --json'],
  );
}
