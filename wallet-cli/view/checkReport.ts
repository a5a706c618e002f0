import type { CredentialRecord } from '../store/schemas.ts';
import type { Terminal } from '../ui/terminal.ts';
import { renderTable } from '../ui/table.ts';
import { summarize, type CredentialSummary } from './credentialView.ts';
import { isProblem, standingText } from './standing.ts';
import { EXIT, WalletError } from '../errors.ts';

/**
 * What `check` and `refresh` print: one row per credential with its standing, then every failed
 * check spelled out; and the exit decision (3 for a credential problem, 1 when a status or log
 * could not be reached).
 */
export interface CheckedCredential {
  readonly record: CredentialRecord;
  /** A note for the last column (refresh: how the receipt moved). */
  readonly note?: string;
}

export function printCheckReport(terminal: Terminal, checked: readonly CheckedCredential[], now: Date, noteHeader?: string): void {
  const style = terminal.style;
  const summaries = checked.map((c) => summarize(c.record, now));
  const headers = ['REF', 'TYPE', 'ISSUER', 'STATUS', ...(noteHeader ? [noteHeader] : [])].map((h) => style.bold(h));
  const rows = checked.map((c, i) => {
    const s = summaries[i] as CredentialSummary;
    return [s.ref, s.typeLabel, s.issuer.name, standingText(s.status, style), ...(noteHeader ? [c.note ?? ''] : [])];
  });
  for (const line of renderTable(headers, rows)) terminal.out(line.trimEnd());
  for (const [i, c] of checked.entries()) {
    for (const check of c.record.lastCheck?.checks.filter((k) => !k.ok) ?? []) {
      terminal.out(`  ${(summaries[i] as CredentialSummary).ref}: ${style.red('FAIL')} ${check.check}: ${check.detail}`);
    }
  }
}

export function checkReportJson(checked: readonly CheckedCredential[], now: Date): unknown[] {
  return checked.map((c) => ({ ...summarize(c.record, now), checks: c.record.lastCheck?.checks ?? [], ...(c.note === undefined ? {} : { note: c.note }) }));
}

/** Throws the exit decision for the run, if it is not 0. */
export function assertAllGood(checked: readonly CheckedCredential[], now: Date): void {
  const summaries = checked.map((c) => summarize(c.record, now));
  const problems = summaries.filter((s) => isProblem(s.status));
  if (problems.length > 0) {
    throw new WalletError(
      'wallet.credential.problem',
      `${problems.length} credential${problems.length === 1 ? ' needs' : 's need'} attention: ${problems.map((s) => `${s.ref} ${s.typeLabel} is ${s.status}`).join(', ')}`,
    );
  }
  const unknown = summaries.filter((s) => s.status === 'unknown');
  if (unknown.length > 0) {
    throw new WalletError('wallet.http.failed', `could not fully check ${unknown.map((s) => s.ref).join(', ')} (see the FAIL lines); try again later`, { exitCode: EXIT.error });
  }
}
