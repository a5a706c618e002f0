import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import * as vc from '@digitalbazaar/vc';
import { z } from 'zod';
import { documentLoader } from '../../core/credential/documentLoader.ts';
import { parseDidKey } from '../../core/crypto/didKey.ts';
import { verificationSuites } from '../../core/crypto/suites.ts';
import { HttpProblem, problems } from '../../core/http/problem.ts';
import { issuanceDatabase } from '../stores/issuanceDb.ts';
import { findIssuerById, type IssuerRecord } from '../stores/issuerStore.ts';
import { findOffer, insertOffer, redeemOffer, type OfferRecord } from '../stores/offerStore.ts';
import type { JsonObject } from './credentialSigning.ts';
import { issuePrepared, prepareAll, type IssuanceDeps, type IssuedCredential } from './issueCredentials.ts';

/**
 * Credential offers (DESIGN §6, contracts.md): a tenant offers a credential to a radiologist who
 * has no DID on record yet. The one-time pickup URL carries a secret (stored as SHA-256); the wallet
 * reads the offer, proves control of its did:key with a DID-authentication presentation over the
 * offer's challenge and domain, and gets the credential bound to that DID — issued and logged in
 * the same transaction that marks the offer redeemed, so an offer yields at most one credential.
 */
export const DEFAULT_OFFER_MINUTES = 7 * 24 * 60;
export const MAX_OFFER_MINUTES = 30 * 24 * 60;

export const createOfferRequest = z.strictObject({
  credential: z.record(z.string(), z.unknown(), 'must be a JSON object (the unsigned credential, subject without id)'),
  expiresInMinutes: z.number().int().min(1).max(MAX_OFFER_MINUTES).optional(),
});
export type CreateOfferRequest = z.output<typeof createOfferRequest>;

export interface CreatedOffer {
  readonly offerId: string;
  readonly url: string;
  readonly challenge: string;
  readonly expiresAt: string;
}

export interface OfferView {
  readonly type: 'CredentialOffer';
  readonly id: string;
  readonly issuer: { readonly did: string; readonly name: string };
  readonly credentialType: string;
  readonly query: ReadonlyArray<{ readonly type: 'DIDAuthentication' }>;
  readonly challenge: string;
  readonly domain: string;
  readonly expiresAt: string;
}

const offerProblem = (status: number, slug: string, title: string, detail: string) => new HttpProblem({ status, slug, title, detail });

function secretHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

function offerUrl(publicUrl: string, offerId: string, secret: string): string {
  // The secret rides in the query string, which the request log never records.
  return `${publicUrl}/offers/${offerId}?secret=${secret}`;
}

export async function createOffer(deps: IssuanceDeps, tenant: IssuerRecord, request: CreateOfferRequest): Promise<CreatedOffer> {
  const now = new Date();
  const [prepared] = prepareAll(tenant, [{ credential: request.credential, path: 'credential' }], now, { subjectWithoutId: true });
  if (!prepared) throw problems.badRequest('no credential to offer');
  const id = randomUUID();
  const secret = randomBytes(32).toString('base64url');
  const challenge = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + (request.expiresInMinutes ?? DEFAULT_OFFER_MINUTES) * 60_000);
  await insertOffer(issuanceDatabase(deps.db), {
    id,
    issuerId: tenant.id,
    secretHash: secretHash(secret),
    challenge,
    domain: new URL(deps.publicUrl).host,
    credentialType: prepared.credentialType,
    // What the tenant asked for, validated; it is prepared again (and re-checked) at redemption.
    credential: request.credential,
    expiresAt,
  });
  deps.logger.info({ issuerId: tenant.id, offerId: id, credentialType: prepared.credentialType }, 'credential offered');
  return { offerId: id, url: offerUrl(deps.publicUrl, id, secret), challenge, expiresAt: expiresAt.toISOString() };
}

/** The offer behind a pickup URL; unknown ids and wrong secrets are the same 404. */
async function offerForSecret(deps: IssuanceDeps, offerId: string, secret: string | undefined): Promise<OfferRecord> {
  const notFound = () => problems.notFound('no offer at this URL');
  if (secret === undefined || !/^[A-Za-z0-9_-]{16,128}$/.test(secret)) throw notFound();
  const offer = await findOffer(issuanceDatabase(deps.db), offerId);
  if (!offer) throw notFound();
  const expected = Buffer.from(offer.secretHash, 'hex');
  if (!timingSafeEqual(expected, Buffer.from(secretHash(secret), 'hex'))) throw notFound();
  return offer;
}

function refuseSpent(offer: OfferRecord, now: Date): void {
  if (offer.redeemedAt !== null) {
    throw offerProblem(410, 'offer-redeemed', 'Offer already redeemed', `this offer was redeemed on ${offer.redeemedAt.toISOString()}; offers are single use`);
  }
  if (offer.expiresAt.getTime() <= now.getTime()) {
    throw offerProblem(410, 'offer-expired', 'Offer expired', `this offer expired on ${offer.expiresAt.toISOString()}; ask the issuer for a new one`);
  }
}

async function tenantOf(deps: IssuanceDeps, offer: OfferRecord): Promise<IssuerRecord> {
  const tenant = await findIssuerById(deps.db, offer.issuerId);
  if (!tenant) throw problems.notFound('no offer at this URL');
  return tenant;
}

export async function viewOffer(deps: IssuanceDeps, offerId: string, secret: string | undefined): Promise<OfferView> {
  const offer = await offerForSecret(deps, offerId, secret);
  refuseSpent(offer, new Date());
  const tenant = await tenantOf(deps, offer);
  return {
    type: 'CredentialOffer',
    id: offer.id,
    issuer: { did: tenant.did, name: tenant.name },
    credentialType: offer.credentialType,
    query: [{ type: 'DIDAuthentication' }],
    challenge: offer.challenge,
    domain: offer.domain,
    expiresAt: offer.expiresAt.toISOString(),
  };
}

export const redeemOfferRequest = z.strictObject({
  verifiablePresentation: z.looseObject({
    '@context': z.array(z.unknown()).min(1),
    type: z.union([z.string(), z.array(z.string())]),
    holder: z.union([z.string(), z.looseObject({ id: z.string() })]),
    proof: z.union([z.looseObject({}), z.array(z.looseObject({})).length(1, 'must carry exactly one proof')]),
  }),
});
export type RedeemOfferRequest = z.output<typeof redeemOfferRequest>;

function presentationProblem(detail: string): HttpProblem {
  return offerProblem(422, 'offer-presentation-invalid', 'The presentation does not prove control of the holder DID', detail);
}

function firstErrorMessage(result: vc.VerifyPresentationResult): string {
  const errors: unknown[] = [result.error, ...(result.presentationResult?.results ?? []).map((r) => r.error)];
  for (const error of errors.flat()) {
    if (error instanceof Error) return error.message;
    const nested = (error as { errors?: unknown[] } | undefined)?.errors?.[0];
    if (nested instanceof Error) return nested.message;
  }
  return 'the proof does not verify';
}

/**
 * Verifies the DID-authentication presentation: an Ed25519 proof for purpose `authentication` over
 * this offer's challenge and domain, by a key of the presentation's `holder` (a did:key). Returns
 * the holder DID.
 */
async function authenticatedHolder(offer: OfferRecord, presentation: JsonObject): Promise<string> {
  const holderValue = presentation.holder as string | { id: string };
  const holder = typeof holderValue === 'string' ? holderValue : holderValue.id;
  let holderDid: string;
  try {
    const parsed = parseDidKey(holder);
    if (parsed.fragment !== undefined) throw new Error('a DID, not a key id, is expected');
    holderDid = parsed.did;
  } catch (error) {
    throw presentationProblem(`holder must be an Ed25519 did:key: ${(error as Error).message}`);
  }
  const proof = (Array.isArray(presentation.proof) ? presentation.proof[0] : presentation.proof) as JsonObject;
  const method = typeof proof.verificationMethod === 'string' ? proof.verificationMethod : '';
  if (!method.startsWith(`${holderDid}#`)) {
    throw presentationProblem(`the presentation is signed by ${method.split('#')[0] || 'no key'}, not by the holder ${holderDid}`);
  }
  let result: vc.VerifyPresentationResult;
  try {
    result = await vc.verify({
      presentation,
      suite: verificationSuites(),
      documentLoader,
      challenge: offer.challenge,
      domain: offer.domain,
    });
  } catch (error) {
    throw presentationProblem(`the presentation cannot be verified: ${(error as Error).message}`);
  }
  if (!result.verified) throw presentationProblem(`the presentation does not verify: ${firstErrorMessage(result)}`);
  return holderDid;
}

export async function redeemCredentialOffer(
  deps: IssuanceDeps,
  offerId: string,
  secret: string | undefined,
  request: RedeemOfferRequest,
): Promise<IssuedCredential> {
  const offer = await offerForSecret(deps, offerId, secret);
  refuseSpent(offer, new Date());
  const tenant = await tenantOf(deps, offer);
  const holderDid = await authenticatedHolder(offer, request.verifiablePresentation as JsonObject);
  const bound = { ...offer.credential, credentialSubject: { ...(offer.credential.credentialSubject as JsonObject), id: holderDid } };
  const prepared = prepareAll(tenant, [{ credential: bound, path: 'offer.credential' }], new Date());
  const spent = () => offerProblem(410, 'offer-redeemed', 'Offer already redeemed', 'this offer was redeemed or expired meanwhile; offers are single use');
  const [issued] = await issuePrepared(deps, tenant, prepared, {
    offerId: offer.id,
    withinTransaction: async (trx, records) => {
      const credentialId = records[0]?.id;
      if (credentialId === undefined || !(await redeemOffer(trx, offer.id, { holderDid, credentialId, now: new Date() }))) throw spent();
    },
  });
  if (!issued) throw new Error('redeeming an offer issued nothing');
  deps.logger.info({ issuerId: tenant.id, offerId: offer.id }, 'credential offer redeemed');
  return issued;
}
