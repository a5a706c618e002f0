import * as vc from '@digitalbazaar/vc';
import { CREDENTIALS_V2_URL, ED25519_2020_URL, RADCRED_CONTEXT_URL } from '../credential/contexts.ts';
import { documentLoader } from '../credential/documentLoader.ts';
import { warmFastCanonize } from '../credential/fastCanonize.ts';
import { generateDidKey } from '../crypto/didKey.ts';
import { ed25519Signature2020SigningSuite } from '../crypto/suites.ts';
import { verifyCredentialProofNow, verifyPresentationProofNow } from './proofVerification.ts';

/**
 * Processes every context the fast canonicalisation reaches, then signs and verifies one throwaway
 * credential and presentation, so that the contexts are processed
 * and every module is loaded before the first real verification (a cold start otherwise adds tens
 * of milliseconds to whoever comes first). Uses a fresh key that is then dropped.
 */
let warming: Promise<void> | undefined;

export function warmProofVerification(): Promise<void> {
  warming ??= warm();
  return warming;
}

async function warm(): Promise<void> {
  await warmFastCanonize();
  const issuer = generateDidKey();
  const holder = generateDidKey();
  const credential = await vc.issue({
    credential: {
      '@context': [CREDENTIALS_V2_URL, RADCRED_CONTEXT_URL],
      type: ['VerifiableCredential', 'CMECreditCredential'],
      issuer: issuer.did,
      validFrom: '2026-01-01T00:00:00Z',
      credentialSubject: { id: holder.did, name: 'Warm-up', credits: 1.5, completionDate: '2026-01-01' },
    },
    suite: ed25519Signature2020SigningSuite(issuer),
    documentLoader,
  });
  const presentation = await vc.signPresentation({
    presentation: { '@context': [CREDENTIALS_V2_URL, ED25519_2020_URL], type: ['VerifiablePresentation'], holder: holder.did, verifiableCredential: [credential] },
    suite: ed25519Signature2020SigningSuite(holder),
    documentLoader,
    challenge: 'warm-up',
    domain: 'warm-up.invalid',
  });
  const [credentialCheck, presentationCheck] = await Promise.all([
    verifyCredentialProofNow(credential),
    verifyPresentationProofNow(presentation, 'warm-up', 'warm-up.invalid'),
  ]);
  if (!credentialCheck.ok || !presentationCheck.verified) throw new Error('the verification warm-up did not verify its own credential');
}
