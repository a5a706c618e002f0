import { DataIntegrityProof, type Cryptosuite } from '@digitalbazaar/data-integrity';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { decode as base58Decode } from 'base58-universal';
import type { DocumentLoader } from '../credential/documentLoader.ts';
import { canonizeRdfc, fastCanonizeWith } from '../credential/fastCanonize.ts';
import { BoundedMap } from '../cache/boundedMap.ts';
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

type CanonizeOptions = { documentLoader: (url: string) => Promise<unknown>; expansionMap?: unknown; skipExpansion?: boolean };

/**
 * Ed25519Signature2020 whose RDFC-1.0 canonicalisation takes RadCred's fast path
 * (core/credential/fastCanonize.ts) for documents that use only the bundled contexts, and the
 * reference jsonld.js canonicalisation for anything else — the same N-Quads either way, so the
 * same signatures.
 */
export class FastCanonizeEd25519Signature2020 extends Ed25519Signature2020 {
  override async canonize(input: Record<string, unknown>, options: CanonizeOptions): Promise<string> {
    if (options.expansionMap !== undefined || options.skipExpansion === true) return super.canonize(input, options);
    return canonizeRdfc(input, { documentLoader: options.documentLoader as DocumentLoader });
  }
}

/** An Ed25519Signature2020 suite that signs with the key's cached signer; `date` fixes `proof.created`. */
export function ed25519Signature2020SigningSuite(key: KeyOrSigner, options: { date?: string | Date } = {}): Ed25519Signature2020 {
  return new FastCanonizeEd25519Signature2020({ signer: toSigner(key), ...(options.date === undefined ? {} : { date: options.date }) });
}

/** A DataIntegrityProof / eddsa-rdfc-2022 suite that signs with the key's cached signer. */
export function eddsaRdfc2022SigningSuite(key: KeyOrSigner, options: { date?: string | Date } = {}): DataIntegrityProof {
  return new DataIntegrityProof({
    signer: toSigner(key),
    cryptosuite: cachedEddsaRdfc2022,
    ...(options.date === undefined ? {} : { date: options.date }),
  });
}

/**
 * The cached verifier for an Ed25519 verification method (Ed25519VerificationKey2020 or Multikey with
 * `publicKeyMultibase`, or Ed25519VerificationKey2018 with `publicKeyBase58`).
 */
const METHOD_CACHE_SIZE = 4096;
/** Verifiers by `id`, `type` and key string: a hit skips decoding the key (base58 is slow in JS). */
const methodVerifiers = new BoundedMap<string, Ed25519Verifier>(METHOD_CACHE_SIZE);

export function verifierForVerificationMethod(verificationMethod: Record<string, unknown>): Ed25519Verifier {
  const { id, type, publicKeyMultibase, publicKeyBase58 } = verificationMethod;
  const cacheKey = typeof id === 'string' && typeof type === 'string' ? `${id}\n${type}\n${String(publicKeyMultibase)}\n${String(publicKeyBase58)}` : undefined;
  const known = cacheKey === undefined ? undefined : methodVerifiers.get(cacheKey);
  if (known) return known;
  const verifier = decodeVerificationMethod(verificationMethod);
  if (cacheKey !== undefined) methodVerifiers.set(cacheKey, verifier);
  return verifier;
}

function decodeVerificationMethod(verificationMethod: Record<string, unknown>): Ed25519Verifier {
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

/**
 * The suite's view of a verification method, by the loaded document object: our document loaders
 * return one frozen object per key, so a hit skips the stock Multikey import and export (base58
 * decoding and encoding) that `getVerificationMethod` does for every proof.
 */
const translatedMethods = new WeakMap<object, Record<string, unknown>>();

/** Ed25519Signature2020 that verifies with a cached verifier instead of re-importing the key per proof. */
class CachedVerifierEd25519Signature2020 extends FastCanonizeEd25519Signature2020 {
  override async getVerificationMethod(options: { proof: Record<string, unknown>; documentLoader: DocumentLoader }): Promise<Record<string, unknown>> {
    const reference = options.proof.verificationMethod;
    const id = typeof reference === 'object' && reference !== null ? (reference as { id?: unknown }).id : reference;
    if (typeof id !== 'string' || id === '') return super.getVerificationMethod(options);
    const { document } = await options.documentLoader(id);
    if (document === null || typeof document !== 'object' || !Object.isFrozen(document)) return super.getVerificationMethod(options);
    let translated = translatedMethods.get(document);
    if (!translated) {
      translated = await super.getVerificationMethod(options);
      translatedMethods.set(document, translated);
    }
    // A copy: callers may annotate the method they are given.
    return { ...translated };
  }

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
  async canonize(input: unknown, options: Record<string, unknown>): Promise<string> {
    const loader = options.documentLoader as DocumentLoader | undefined;
    const fast = loader === undefined || options.skipExpansion === true ? undefined : await fastCanonizeWith(input, loader);
    return fast ?? eddsaRdfc2022.canonize(input, options);
  },
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
