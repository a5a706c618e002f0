import * as vc from '@digitalbazaar/vc';
import { CREDENTIALS_V2_URL, ED25519_2020_URL } from '../../core/credential/contexts.ts';
import { documentLoader } from '../../core/credential/documentLoader.ts';
import type { Ed25519DidKey } from '../../core/crypto/didKey.ts';
import { ed25519Signature2020SigningSuite } from '../../core/crypto/suites.ts';
import type { JsonObject } from '../credentialShape.ts';

/**
 * A VC Data Model 2.0 presentation signed by the holder key with Ed25519Signature2020,
 * proofPurpose "authentication", bound to the verifier's (or issuer's) challenge and domain. With
 * no credentials it is a DID-authentication presentation (offers use it to prove control of the DID).
 */
export async function signPresentation(
  key: Ed25519DidKey,
  credentials: readonly JsonObject[],
  binding: { challenge: string; domain: string },
): Promise<JsonObject> {
  const presentation: JsonObject = {
    '@context': [CREDENTIALS_V2_URL, ED25519_2020_URL],
    type: ['VerifiablePresentation'],
    holder: key.did,
    ...(credentials.length === 0 ? {} : { verifiableCredential: credentials.map((c) => structuredClone(c)) }),
  };
  return vc.signPresentation({
    presentation,
    suite: ed25519Signature2020SigningSuite(key),
    documentLoader,
    challenge: binding.challenge,
    domain: binding.domain,
  });
}
