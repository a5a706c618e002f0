import * as vc from '@digitalbazaar/vc';
import { BoundedMap } from '../../core/cache/boundedMap.ts';
import { documentLoader } from '../../core/credential/documentLoader.ts';
import type { Ed25519Signer } from '../../core/crypto/keyObjects.ts';
import { FastCanonizeEd25519Signature2020 } from '../../core/crypto/suites.ts';

/**
 * Signing credentials with Ed25519Signature2020 the fast way, with output identical to the stock
 * suite's: the signer's KeyObject is created once per key (core/crypto), canonicalisation takes the
 * fast path for RadCred's bundled contexts (core/credential/fastCanonize.ts), and the canonical form of the *proof options*
 * is memoised. Those options — document @context, type, created, verificationMethod, proofPurpose —
 * are the same for every credential a tenant signs within one second (and for a whole batch, which
 * shares one `created`), while canonicalising them costs about a third of a signature. The
 * canonicalisation is a pure function of those fields and the (fixed, offline) document loader, so
 * the cached text is exactly what the stock code would compute.
 */

export type JsonObject = Record<string, unknown>;

const PROOF_CACHE_SIZE = 256;
const proofOptionsCache = new BoundedMap<string, Promise<string>>(PROOF_CACHE_SIZE);

class ProofOptionsCachingEd25519Signature2020 extends FastCanonizeEd25519Signature2020 {
  override async canonizeProof(
    proof: Record<string, unknown>,
    options: { document: Record<string, unknown>; documentLoader: unknown; expansionMap?: unknown },
  ): Promise<string> {
    // Only signCredential below uses this suite, always with the offline loader (which jsigs wraps
    // with its own built-in contexts): the loader is fixed, so the options alone decide the result.
    if (options.expansionMap !== undefined) return super.canonizeProof(proof, options);
    const { proofValue: _v, jws: _j, signatureValue: _s, ...fields } = proof;
    const key = JSON.stringify([options.document['@context'] ?? null, fields]);
    const hit = proofOptionsCache.get(key);
    if (hit) return hit;
    const pending = super.canonizeProof(proof, options);
    proofOptionsCache.set(key, pending);
    // A failed canonicalisation is not remembered; the next call computes (and reports) it again.
    pending.catch(() => proofOptionsCache.delete(key));
    return pending;
  }
}

/**
 * Signs one credential (VC Data Model 2.0, issuer already set) with `proof.created` = `date`.
 * A fresh suite per call: suites keep a per-document hash cache.
 */
export async function signCredential(credential: JsonObject, signer: Ed25519Signer, date: Date): Promise<JsonObject> {
  const suite = new ProofOptionsCachingEd25519Signature2020({ signer, date });
  return vc.issue({ credential, suite, documentLoader });
}

/** Signs credentials one after another (the event loop stays responsive between them). */
export async function signCredentials(credentials: readonly JsonObject[], signer: Ed25519Signer, date: Date): Promise<JsonObject[]> {
  const signed: JsonObject[] = [];
  for (const credential of credentials) signed.push(await signCredential(credential, signer, date));
  return signed;
}
