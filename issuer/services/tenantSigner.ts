import { didKeyFromSeed, type Ed25519DidKey } from '../../core/crypto/didKey.ts';
import { decryptWithKek } from '../../core/crypto/keyEncryption.ts';
import { signerFor, type Ed25519Signer } from '../../core/crypto/keyObjects.ts';
import type { IssuerRecord } from '../stores/issuerStore.ts';

/** A tenant's signing key, decrypted and imported once for the life of the process. */
export interface TenantSigningKey {
  readonly issuerId: string;
  readonly did: string;
  /** The verification method id that goes into `proof.verificationMethod`. */
  readonly keyId: string;
  readonly key: Ed25519DidKey;
  /** The signer built once for this key (its private KeyObject is never re-imported). */
  readonly signer: Ed25519Signer;
}

export class TenantKeyError extends Error {
  readonly code = 'issuer.key.mismatch';
  constructor(message: string) {
    super(message);
    this.name = 'TenantKeyError';
  }
}

/**
 * Per-tenant signing keys: the private key is decrypted with the key-encryption key (AAD
 * `issuer:<id>`, as createIssuer sealed it) on first use, checked against the tenant's DID, and kept.
 */
export class TenantKeys {
  readonly #keyEncryptionKey: Uint8Array;
  readonly #keys = new Map<string, TenantSigningKey>();

  constructor(keyEncryptionKey: Uint8Array) {
    this.#keyEncryptionKey = keyEncryptionKey;
  }

  keyOf(tenant: IssuerRecord): TenantSigningKey {
    const cached = this.#keys.get(tenant.id);
    if (cached && cached.did === tenant.did) return cached;
    const seed = decryptWithKek(tenant.encryptedPrivateKey, this.#keyEncryptionKey, `issuer:${tenant.id}`);
    const key = didKeyFromSeed(seed);
    seed.fill(0);
    if (key.did !== tenant.did || key.keyId !== tenant.verificationMethod) {
      throw new TenantKeyError(`the stored key of issuer ${tenant.id} does not belong to its DID ${tenant.did}`);
    }
    const signingKey: TenantSigningKey = Object.freeze({ issuerId: tenant.id, did: key.did, keyId: key.keyId, key, signer: signerFor(key) });
    this.#keys.set(tenant.id, signingKey);
    return signingKey;
  }
}
