import { LogError } from '../../core/log/errors.ts';
import { parseVerifierKey, SIGNATURE_TYPE_ED25519 } from '../../core/log/noteKeys.ts';
import { WalletError } from '../errors.ts';
import type { Runtime } from '../runtime.ts';

/**
 * Trust on first use for credential logs: the first time the wallet receives from an issuer
 * service it pins that service's log key (`GET /log/key`); afterwards every receipt must be signed
 * by the pinned key, and a service that presents a different key is refused — a log that swapped
 * keys could show this wallet a different history than everyone else sees.
 */
export function logKeyUrl(serviceUrl: string): string {
  return `${serviceUrl.replace(/\/+$/, '')}/log/key`;
}

function checkKeyString(key: string, serviceUrl: string): string {
  try {
    const parsed = parseVerifierKey(key);
    if (parsed.type !== SIGNATURE_TYPE_ED25519) throw new LogError('log.note.key_malformed', 'not an Ed25519 log key');
  } catch (error) {
    throw new WalletError('wallet.http.invalid', `${logKeyUrl(serviceUrl)} did not give a C2SP Ed25519 verifier key (${(error as Error).message})`);
  }
  return key;
}

/**
 * The log key to verify receipts from `serviceUrl` with. With `confirmWithService` (receive), the
 * service's current key is fetched and must equal the pinned one; a first contact pins it.
 */
export async function logKeyFor(runtime: Runtime, serviceUrl: string, options: { confirmWithService: boolean }): Promise<string> {
  const trust = await runtime.store.readTrust();
  const pinned = trust.logs[serviceUrl];
  if (pinned !== undefined && !options.confirmWithService) return pinned.key;
  const served = checkKeyString((await runtime.http.getText(logKeyUrl(serviceUrl), 'the credential log')).trim(), serviceUrl);
  if (pinned !== undefined) {
    if (served !== pinned.key) {
      throw new WalletError(
        'wallet.trust.log_key_changed',
        `the credential log key of ${serviceUrl} changed: pinned ${pinned.key} on ${pinned.pinnedAt.slice(0, 10)}, now ${served}; refusing (if the operator announced a new key, delete that entry from ${runtime.store.trustPath})`,
      );
    }
    return pinned.key;
  }
  trust.logs[serviceUrl] = { key: served, pinnedAt: runtime.now().toISOString() };
  await runtime.store.saveTrust(trust);
  runtime.terminal.err(`Pinned the credential log key of ${serviceUrl}: ${served}`);
  return served;
}
