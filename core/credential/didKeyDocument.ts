import { parseDidKey } from '../crypto/didKey.ts';
import { BoundedMap } from '../cache/boundedMap.ts';
import { DID_V1_URL, ED25519_2020_URL } from './contexts.ts';

/**
 * DID documents for did:key (Ed25519), built locally — resolving did:key needs no network.
 *
 * The verification method is an `Ed25519VerificationKey2020` with `publicKeyMultibase`: that is what
 * Ed25519Signature2020 asks for, and eddsa-rdfc-2022 (via @digitalbazaar/ed25519-multikey) converts it
 * to a Multikey itself. The document's first context is the DID v1 context, so jsonld-signatures'
 * controller check reads `assertionMethod` / `authentication` directly instead of framing.
 * No `keyAgreement` (X25519) entry: RadCred never encrypts to a DID.
 */
export interface DidKeyVerificationMethod {
  readonly '@context'?: string;
  readonly id: string;
  readonly type: 'Ed25519VerificationKey2020';
  readonly controller: string;
  readonly publicKeyMultibase: string;
}

export interface DidKeyDocument {
  readonly '@context': readonly string[];
  readonly id: string;
  readonly verificationMethod: readonly DidKeyVerificationMethod[];
  readonly authentication: readonly string[];
  readonly assertionMethod: readonly string[];
  readonly capabilityDelegation: readonly string[];
  readonly capabilityInvocation: readonly string[];
}

export interface ResolvedDidKey {
  readonly didDocument: DidKeyDocument;
  /** The verification method as a stand-alone document (with its own `@context`). */
  readonly verificationMethod: DidKeyVerificationMethod;
}

const CACHE_SIZE = 4096;
const cache = new BoundedMap<string, ResolvedDidKey>(CACHE_SIZE, { recency: 'use' });

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function build(did: string, keyId: string, publicKeyMultibase: string): ResolvedDidKey {
  const method = { id: keyId, type: 'Ed25519VerificationKey2020' as const, controller: did, publicKeyMultibase };
  return deepFreeze({
    didDocument: {
      '@context': [DID_V1_URL, ED25519_2020_URL],
      id: did,
      verificationMethod: [method],
      authentication: [keyId],
      assertionMethod: [keyId],
      capabilityDelegation: [keyId],
      capabilityInvocation: [keyId],
    },
    verificationMethod: { '@context': ED25519_2020_URL, ...method },
  });
}

/**
 * Resolves a did:key or did:key verification method id (strictly parsed: throws
 * `crypto.didkey.malformed`). Results are frozen and cached (bounded, least recently used dropped).
 */
export function resolveDidKey(didOrKeyId: string): ResolvedDidKey {
  // Keyed by the exact string asked for (a DID or a key id): only strings that parsed are ever
  // stored, so a hit needs no parsing (decoding the multibase key is most of a resolution).
  const hit = cache.get(didOrKeyId);
  if (hit) return hit;
  const { did, keyId, publicKeyMultibase } = parseDidKey(didOrKeyId);
  const resolved = cache.get(did) ?? build(did, keyId, publicKeyMultibase);
  cache.set(didOrKeyId, resolved);
  return resolved;
}
