import type { Ed25519DidKey } from '../core/crypto/didKey.ts';
import type { WalletVerifier } from './checks/walletVerifier.ts';
import type { JsonObject } from './credentialShape.ts';
import type { Runtime } from './runtime.ts';

/**
 * JSON-LD processing and the signature suites take about half of radwallet's start-up time; they
 * load only in the commands that sign or verify, so `list`, `show`, `did` and `--help` stay quick.
 */
export async function createWalletVerifier(runtime: Runtime): Promise<WalletVerifier> {
  const { WalletVerifier: Verifier } = await import('./checks/walletVerifier.ts');
  return new Verifier(runtime);
}

export async function signPresentation(key: Ed25519DidKey, credentials: readonly JsonObject[], binding: { challenge: string; domain: string }): Promise<JsonObject> {
  const { signPresentation: sign } = await import('./presentation/signPresentation.ts');
  return sign(key, credentials, binding);
}
