import type { Command } from 'commander';
import { logKeyFor } from '../checks/logTrust.ts';
import { WalletError } from '../errors.ts';
import type { WalletVerifier } from '../checks/walletVerifier.ts';
import { createWalletVerifier } from '../lazy.ts';
import type { Runtime } from '../runtime.ts';
import type { CredentialRecord } from '../store/schemas.ts';
import { assertAllGood, checkReportJson, printCheckReport, type CheckedCredential } from '../view/checkReport.ts';
import { findCredential } from '../view/credentialView.ts';
import { withExamples } from './helpText.ts';

export interface CheckOptions {
  readonly json?: boolean;
}

/**
 * Re-checks stored credentials: signature, issuer, validity window, live status (revocation and
 * suspension), the stored log receipt against the pinned key and the newest checkpoint seen, and
 * that each is still about this wallet's DID. Records the result (list shows it).
 */
export async function checkCommand(runtime: Runtime, reference: string | undefined, options: CheckOptions): Promise<void> {
  const { store, terminal } = runtime;
  const wallet = await store.readWallet();
  const all = await store.listCredentials();
  const records = reference === undefined ? all : [findCredential(all, reference)];
  if (records.length === 0) {
    terminal.out(options.json ? '[]' : 'No credentials to check.');
    return;
  }
  const verifier = await createWalletVerifier(runtime);
  const checked: CheckedCredential[] = [];
  for (const record of records) checked.push({ record: await recheck(runtime, verifier, record, wallet.did, record.receipt) });
  await verifier.save();
  if (options.json) terminal.out(JSON.stringify(checkReportJson(checked, runtime.now()), null, 2));
  else printCheckReport(terminal, checked, runtime.now());
  assertAllGood(checked, runtime.now());
}

/** Runs the wallet checks on a stored credential with the given receipt and stores the outcome. */
export async function recheck(runtime: Runtime, verifier: WalletVerifier, record: CredentialRecord, walletDid: string, receipt: unknown): Promise<CredentialRecord> {
  // An unreachable service fails this credential's checks, not the whole run.
  const logKey = await logKeyFor(runtime, record.serviceUrl, { confirmWithService: false }).catch((error: unknown) => {
    if (error instanceof WalletError && error.code.startsWith('wallet.http.')) return undefined;
    throw error;
  });
  const outcome = await verifier.verify({ credential: record.credential, receipt, issuer: record.issuer, serviceUrl: record.serviceUrl, logKey, walletDid });
  const updated: CredentialRecord = { ...record, lastCheck: { at: runtime.now().toISOString(), standing: outcome.standing, checks: outcome.checks } };
  await runtime.store.saveCredential(updated);
  return updated;
}

export function registerCheck(program: Command, runtime: Runtime): void {
  withExamples(
    program
      .command('check')
      .argument('[id]', 'one credential (REF from radwallet list, or its id); all when omitted')
      .description('check credentials now: signature, issuer, validity, revocation and suspension, log receipt; exit 3 if any is revoked, suspended, expired or invalid')
      .option('--json', 'print each credential with its checks as JSON')
      .action((reference: string | undefined, options: CheckOptions) => checkCommand(runtime, reference, options)),
    ['radwallet check', 'radwallet check 3f1d6c2e --json'],
  );
}
