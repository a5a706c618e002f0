/**
 * The parts of jsonld-signatures' LinkedDataSignature that Ed25519Signature2020 inherits and
 * RadCred's issuer overrides (checked against node_modules/jsonld-signatures 11).
 */
import '@digitalbazaar/ed25519-signature-2020';

declare module '@digitalbazaar/ed25519-signature-2020' {
  interface Ed25519Signature2020 {
    canonizeProof(
      proof: Record<string, unknown>,
      options: { document: Record<string, unknown>; documentLoader: unknown; expansionMap?: unknown },
    ): Promise<string>;
  }
}
