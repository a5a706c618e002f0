import { DataIntegrityProof, type Cryptosuite } from '@digitalbazaar/data-integrity';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { decode as base58Decode } from 'base58-universal';
import { CryptoError } from './errors.ts';
import { signerFor, verifierFor, type Ed25519Signer, type Ed25519Verifier, type SigningKeyMaterial } from './keyObjects.ts';
import { decodeBase58, decodeEd25519PublicKeyMultibase } from './multibase.ts';

/**
 * Signature suites for @digitalbazaar/vc, wired to our KeyObject-backed signer and the verifier cache.
 * Suites hold per-operation state (the document hash cache), so make a fresh one per issue/verify call;
 * that is cheap because the key objects behind them are cached.
 */

export const ED25519_SIGNATURE_2020_CONTEXT_URL = Ed25519Signature2020.CONTEXT_URL;

type KeyOrSigner = SigningKeyMaterial | Ed25519Signer;

function toSigner(key: KeyOrSigner): Ed25519Signer {
  return 'sign' in key ? key : signerFor(key);
}

/** An Ed25519Signature2020 suite that signs with the key's cached signer; `date` fixes `proof.created`. */
export function ed25519Signature2020SigningSuite(key: KeyOrSigner, options: { date?: string | Date } = {}): Ed25519Signature2020 {
  return new Ed25519Signature2020({ signer: toSigner(key), ...(options.date === undefined ? {} : { date: options.date }) });
}

/** A DataIntegrityProof / eddsa-rdfc-2022 suite that signs with the key's cached signer. */
export function eddsaRdfc2022SigningSuite(key: KeyOrSigner, options: { date?: string | Date } = {}): DataIntegrityProof {
  return new DataIntegrityProof({
    signer: toSigner(key),
    cryptosuite: eddsaRdfc2022,
    ...(options.date === undefined ? {} : { date: options.date }),
  });
}

/**
 * The cached verifier for an Ed25519 verification method (Ed25519VerificationKey2020 or Multikey with
 * `publicKeyMultibase`, or Ed25519VerificationKey2018 with `publicKeyBase58`).
 */
export function verifierForVerificationMethod(verificationMethod: Record<string, unknown>): Ed25519Verifier {
  const { id, type, publicKeyMultibase, publicKeyBase58 } = verificationMethod;
  if (typeof id !== 'string' || id === '') {
    throw new CryptoError('crypto.verificationMethod.unsupported', 'the verification method has no id');
  }
  if ((type === 'Ed25519VerificationKey2020' || type === 'Multikey') && typeof publicKeyMultibase === 'string') {
    const decoded = decodeEd25519PublicKeyMultibase(publicKeyMultibase);
    if (!decoded.ok) throw new CryptoError('crypto.verificationMethod.unsupported', `verification method ${id}: ${decoded.reason}`);
    return verifierFor(id, decoded.key);
  }
  if (type === 'Ed25519VerificationKey2018' && typeof publicKeyBase58 === 'string') {
    const key = decodeBase58(publicKeyBase58);
    if (!key || key.length !== 32) {
      throw new CryptoError('crypto.verificationMethod.unsupported', `verification method ${id}: publicKeyBase58 is not a 32-byte key`);
    }
    return verifierFor(id, key);
  }
  throw new CryptoError(
    'crypto.verificationMethod.unsupported',
    `verification method ${id} of type ${String(type)} is not an Ed25519 key this verifier handles`,
  );
}

/** Ed25519Signature2020 that verifies with a cached verifier instead of re-importing the key per proof. */
class CachedVerifierEd25519Signature2020 extends Ed25519Signature2020 {
  override async verifySignature({
    verifyData,
    verificationMethod,
    proof,
  }: {
    verifyData: Uint8Array;
    verificationMethod: Record<string, unknown>;
    proof: Record<string, unknown>;
  }): Promise<boolean> {
    const { proofValue } = proof;
    if (typeof proofValue !== 'string' || proofValue === '') {
      throw new TypeError('The proof does not include a valid "proofValue" property.');
    }
    if (proofValue[0] !== 'z') throw new Error('Only base58btc multibase encoding is supported.');
    const signature = base58Decode(proofValue.slice(1));
    if (!signature) throw new Error('The proofValue is not valid base58btc.');
    return verifierForVerificationMethod(verificationMethod).verify({ data: verifyData, signature });
  }
}

/** eddsa-rdfc-2022 with the same verifier cache; verification methods we do not handle go to the stock code. */
const cachedEddsaRdfc2022: Cryptosuite = Object.freeze({
  name: eddsaRdfc2022.name,
  requiredAlgorithm: eddsaRdfc2022.requiredAlgorithm,
  canonize: eddsaRdfc2022.canonize,
  async createVerifier({ verificationMethod }: { verificationMethod: Record<string, unknown> }) {
    try {
      return verifierForVerificationMethod(verificationMethod);
    } catch (error) {
      if (error instanceof CryptoError && error.code === 'crypto.verificationMethod.unsupported') {
        return eddsaRdfc2022.createVerifier({ verificationMethod });
      }
      throw error;
    }
  },
});

/** Suites a verifier accepts: Ed25519Signature2020, and DataIntegrityProof with eddsa-rdfc-2022. */
export function verificationSuites(): [Ed25519Signature2020, DataIntegrityProof] {
  return [new CachedVerifierEd25519Signature2020(), new DataIntegrityProof({ cryptosuite: cachedEddsaRdfc2022 })];
}
