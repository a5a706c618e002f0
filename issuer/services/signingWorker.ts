import { parentPort } from 'node:worker_threads';
import { didKeyFromSeed } from '../../core/crypto/didKey.ts';
import { keyObjectCreationCounts, signerFor, type Ed25519Signer } from '../../core/crypto/keyObjects.ts';
import { signCredentials } from './credentialSigning.ts';
import type { SigningRequest, SigningResponse } from './signingMessages.ts';

/**
 * A signing thread: keeps one signer per tenant key (sent once by the issuer) and signs the
 * credentials it is given. Holds no database connection and never sees a key-encryption key.
 */
const port = parentPort;
if (!port) throw new Error('signingWorker.ts runs only as a worker thread');

const signers = new Map<string, Ed25519Signer>();

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

async function handle(request: SigningRequest): Promise<SigningResponse> {
  if (request.kind === 'stats') return { jobId: request.jobId, ok: true, keyObjects: keyObjectCreationCounts() };
  const signer = signerForRequest(request.keyId, request.seed);
  const signed = await signCredentials(request.credentials, signer, new Date(request.date));
  return { jobId: request.jobId, ok: true, signed };
}

port.on('message', (request: SigningRequest) => {
  handle(request).then(
    (response) => port.postMessage(response),
    (error: unknown) => {
      const code = (error as { code?: unknown }).code;
      port.postMessage({
        jobId: request.jobId,
        ok: false,
        message: error instanceof Error ? error.message : String(error),
        ...(typeof code === 'string' ? { code } : {}),
      } satisfies SigningResponse);
    },
  );
});
