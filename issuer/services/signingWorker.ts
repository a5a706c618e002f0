import { warmFastCanonize } from '../../core/credential/fastCanonize.ts';
import { didKeyFromSeed } from '../../core/crypto/didKey.ts';
import { keyObjectCreationCounts, signerFor, type Ed25519Signer } from '../../core/crypto/keyObjects.ts';
import { signCredentials } from './credentialSigning.ts';
import { serveWorkerRequests } from '../../core/workers/serveRequests.ts';
import { signedRecord } from './signedRecord.ts';
import type { SigningRequest, SigningResponse } from './signingMessages.ts';

/**
 * A signing thread: keeps one signer per tenant key (sent once by the issuer) and signs the
 * credentials it is given. Holds no database connection and never sees a key-encryption key.
 */

const signers = new Map<string, Ed25519Signer>();

// Process the contexts while the thread waits for its first job (the first signature must not pay).
void warmFastCanonize().catch(() => undefined);

function signerForRequest(keyId: string, seed: Uint8Array | undefined): Ed25519Signer {
  const known = signers.get(keyId);
  if (known) return known;
  if (!seed) throw Object.assign(new Error(`no key material for ${keyId} in this signing thread`), { code: 'issuer.signing.key_missing' });
  const key = didKeyFromSeed(seed);
  seed.fill(0);
  if (key.keyId !== keyId) throw Object.assign(new Error(`the key sent for ${keyId} is another key`), { code: 'issuer.key.mismatch' });
  const signer = signerFor(key);
  // The map keeps the key (and so its cached signer) alive.
  signers.set(keyId, signer);
  return signer;
}

serveWorkerRequests<SigningRequest, SigningResponse>(async (request) => {
  if (request.kind === 'stats') return { keyObjects: keyObjectCreationCounts() };
  const signer = signerForRequest(request.keyId, request.seed);
  const signed = await signCredentials(request.credentials, signer, new Date(request.date));
  if (request.output === 'records') return { records: signed.map(signedRecord) };
  return { signed };
});
