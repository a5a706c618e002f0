import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import * as vc from '@digitalbazaar/vc';
import { documentLoader } from '../core/credential/documentLoader.ts';

/**
 * The plain library calls the verify scenarios are compared with: `@digitalbazaar/vc` `verify` /
 * `verifyCredential` with a stock `Ed25519Signature2020` suite (as its README shows) and a document
 * loader serving the same bundled contexts. Used on the bench's event loop and in
 * plainVerifyThread.ts.
 */
type Json = Record<string, unknown>;

/** What one plain call verifies: the same document every time (the plain call has no cache). */
export type PlainReference =
  | { readonly kind: 'presentation'; readonly vp: Json; readonly challenge: string; readonly domain: string }
  | { readonly kind: 'credential'; readonly credential: Json };

const plainSuite = () => new Ed25519Signature2020();

function plainVerifyPresentation(vp: Json, challenge: string, domain: string): Promise<void> {
  return vc
    .verify({ presentation: vp, suite: plainSuite(), documentLoader, challenge, domain, checkStatus: async () => ({ verified: true }) })
    .then((result) => {
      if (!result.verified) throw new Error('the plain baseline did not verify the presentation');
    });
}

function plainVerifyCredential(credential: Json): Promise<void> {
  return vc.verifyCredential({ credential, suite: plainSuite(), documentLoader, checkStatus: async () => ({ verified: true }) }).then((result) => {
    if (!result.verified) throw new Error('the plain baseline did not verify the credential');
  });
}

export function plainCall(reference: PlainReference): () => Promise<void> {
  return reference.kind === 'presentation'
    ? () => plainVerifyPresentation(reference.vp, reference.challenge, reference.domain)
    : () => plainVerifyCredential(reference.credential);
}
