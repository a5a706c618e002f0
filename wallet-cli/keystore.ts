import { didKeyFromSeed, generateDidKey, type Ed25519DidKey } from '../core/crypto/didKey.ts';
import { CryptoError } from '../core/crypto/errors.ts';
import { openWithPassphrase, sealWithPassphrase, type ScryptParams } from '../core/crypto/keyEncryption.ts';
import { WalletError } from './errors.ts';
import { WALLET_FORMAT, type WalletFile } from './store/schemas.ts';

/**
 * The holder key: an Ed25519 did:key whose 32-byte seed is sealed with the passphrase
 * (core/crypto: scrypt → AES-256-GCM). The DID is bound as AAD, so a wallet.json whose DID was
 * swapped does not open at all rather than signing for someone else's DID.
 */
function holderKeyLabel(did: string): string {
  return `radwallet holder key ${did}`;
}

export async function createWalletFile(
  passphrase: string,
  options: { params?: ScryptParams | undefined; now: Date; key?: Ed25519DidKey },
): Promise<{ wallet: WalletFile; key: Ed25519DidKey }> {
  const key = options.key ?? generateDidKey();
  const seed = key.seed();
  try {
    const sealed = await sealWithPassphrase(seed, passphrase, {
      label: holderKeyLabel(key.did),
      ...(options.params === undefined ? {} : { params: options.params }),
    });
    return { wallet: { format: WALLET_FORMAT, did: key.did, createdAt: options.now.toISOString(), holderKey: sealed }, key };
  } finally {
    seed.fill(0);
  }
}

/** Opens the holder key; a wrong passphrase (or an altered file) is one clear error. */
export async function unlockHolderKey(wallet: WalletFile, passphrase: string, walletPath: string): Promise<Ed25519DidKey> {
  let seed: Uint8Array;
  try {
    seed = await openWithPassphrase(wallet.holderKey, passphrase, { label: holderKeyLabel(wallet.did) });
  } catch (error) {
    if (error instanceof CryptoError && error.code === 'crypto.decrypt.failed') {
      throw new WalletError('wallet.passphrase.wrong', `wrong passphrase: the holder key in ${walletPath} did not open`);
    }
    throw error;
  }
  try {
    const key = didKeyFromSeed(seed);
    if (key.did !== wallet.did) {
      throw new WalletError('wallet.corrupt', `${walletPath}: the sealed key belongs to ${key.did}, not to the wallet's ${wallet.did}`);
    }
    return key;
  } finally {
    seed.fill(0);
  }
}
