import type { Command } from 'commander';
import { createWalletVerifier } from '../lazy.ts';
import type { Runtime } from '../runtime.ts';
import type { CredentialRecord, Receipt } from '../store/schemas.ts';
import { assertAllGood, checkReportJson, printCheckReport, type CheckedCredential } from '../view/checkReport.ts';
import { receiptPosition } from '../view/receiptView.ts';
import { recheck } from './check.ts';
import { withExamples } from './helpText.ts';

export interface RefreshOptions {
  readonly json?: boolean;
}

/**
 * Updates every credential from its issuer service: a fresh log receipt (kept only if it verifies
 * against the pinned key and is consistent with the checkpoints seen before) and the live status.
 */
export async function refreshCommand(runtime: Runtime, options: RefreshOptions): Promise<void> {
  const { store, terminal } = runtime;
  const wallet = await store.readWallet();
  const records = await store.listCredentials();
  if (records.length === 0) {
    terminal.out(options.json ? '[]' : 'No credentials to refresh.');
    return;
  }
  const verifier = await createWalletVerifier(runtime);
  const checked: CheckedCredential[] = [];
  for (const record of records) {
    const before = receiptPosition(record.receipt)?.treeSize;
    const fetched = await verifier.fetchReceipt(record.serviceUrl, record.credentialHash);
    if (!fetched.ok) {
      const updated = await recheck(runtime, verifier, record, wallet.did, record.receipt);
      checked.push({ record: updated, note: `kept (${fetched.detail})` });
      continue;
    }
    const updated = await recheck(runtime, verifier, record, wallet.did, fetched.receipt);
    const logOk = updated.lastCheck?.checks.find((c) => c.check === 'credential.log_inclusion')?.ok === true;
    if (!logOk) {
      // The new receipt failed: keep the old one, and say so (the FAIL line gives the reason).
      const kept: CredentialRecord = { ...updated, receipt: record.receipt };
      await store.saveCredential(kept);
      checked.push({ record: kept, note: 'new receipt REFUSED, old one kept' });
      continue;
    }
    const receipt = fetched.receipt as Receipt;
    const withReceipt: CredentialRecord = { ...updated, receipt };
    await store.saveCredential(withReceipt);
    const after = receiptPosition(receipt)?.treeSize;
    checked.push({ record: withReceipt, note: before === after ? `tree size ${after ?? '?'} (unchanged)` : `tree size ${before ?? '?'} → ${after ?? '?'}` });
  }
  await verifier.save();
  if (options.json) terminal.out(JSON.stringify(checkReportJson(checked, runtime.now()), null, 2));
  else printCheckReport(terminal, checked, runtime.now(), 'RECEIPT');
  assertAllGood(checked, runtime.now());
}

export function registerRefresh(program: Command, runtime: Runtime): void {
  withExamples(
    program
      .command('refresh')
      .description('update every credential from its issuer: fresh log receipts (checked for consistency) and current revocation / suspension status')
      .option('--json', 'print each credential with its checks and receipt change as JSON')
      .action((options: RefreshOptions) => refreshCommand(runtime, options)),
    ['radwallet refresh', 'radwallet refresh --json'],
  );
}
