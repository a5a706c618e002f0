import { createHash, randomInt, randomUUID } from 'node:crypto';
import { BitstringStatusList, createCredential } from '@digitalbazaar/vc-bitstring-status-list';
import { ED25519_2020_URL } from '../../core/credential/contexts.ts';
import type { Kysely } from 'kysely';
import type { IssuanceDatabase, IssuanceTransaction } from '../stores/issuanceDb.ts';
import {
  claimPositionsInOpenLists,
  findOpenStatusList,
  insertOpenStatusList,
  markStatusListFull,
  type StatusListRecord,
  type StatusPurpose,
} from '../stores/statusListStore.ts';
import type { CredentialSigner } from './credentialSigner.ts';
import type { TenantSigningKey } from './tenantSigner.ts';
import { retryOnConflict } from './transactionRetry.ts';

/**
 * Bitstring Status Lists (W3C Bitstring Status List v1.0, DESIGN §5). Each tenant has one open
 * revocation list and one open suspension list of 131,072 entries (16 KiB); positions are drawn at
 * random and never handed out twice (the (list, index) primary key), so a position says nothing
 * about when or to whom a credential was issued. A list stops taking credentials at half full —
 * random draws stay cheap and every position still hides among tens of thousands — and a new one
 * is opened; full lists are kept and served for as long as their credentials live.
 */
export const STATUS_PURPOSES = ['revocation', 'suspension'] as const satisfies readonly StatusPurpose[];
export const STATUS_LIST_CAPACITY = 131_072;
export const STATUS_LIST_FILL_LIMIT = STATUS_LIST_CAPACITY / 2;
/** Draw rounds before giving up; at half full each candidate is free with probability ≥ 1/2. */
const MAX_DRAW_ROUNDS = 64;

export class StatusListError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'StatusListError';
    this.code = code;
  }
}

export function statusListUrl(publicUrl: string, listId: string): string {
  return `${publicUrl}/status/${listId}`;
}

/** A position in a list, as it goes into `credentialStatus`. */
export interface StatusPosition {
  readonly purpose: StatusPurpose;
  readonly listId: string;
  readonly index: number;
}

export interface StatusListSigning {
  readonly key: TenantSigningKey;
  readonly signer: CredentialSigner;
  readonly publicUrl: string;
}

/** The `BitstringStatusListEntry` of a position. */
export function statusEntry(publicUrl: string, position: StatusPosition): Record<string, unknown> {
  const url = statusListUrl(publicUrl, position.listId);
  return {
    id: `${url}#${position.index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: position.purpose,
    statusListIndex: String(position.index),
    statusListCredential: url,
  };
}

/** Copies the bits into storage the list owns outright (the library wraps the whole ArrayBuffer). */
export function statusListOf(bits: Uint8Array): BitstringStatusList {
  return new BitstringStatusList({ buffer: Uint8Array.from(bits) });
}

/**
 * The signed `BitstringStatusListCredential` for a list, with its strong ETag. `validFrom` is the
 * signing time, so every re-signed list is distinguishable from the one before.
 */
export async function signStatusListCredential(
  signing: StatusListSigning,
  list: { id: string; purpose: StatusPurpose; bits: Uint8Array },
  now: Date,
): Promise<{ credentialJson: string; etag: string }> {
  const url = statusListUrl(signing.publicUrl, list.id);
  const unsigned = await createCredential({ id: url, list: statusListOf(list.bits), statusPurpose: list.purpose });
  const contexts = unsigned['@context'] as string[];
  const credential = {
    ...unsigned,
    '@context': [...contexts, ED25519_2020_URL],
    issuer: signing.key.did,
    validFrom: `${now.toISOString().slice(0, 19)}Z`,
  };
  const [signed] = await signing.signer.sign(signing.key, [credential], now);
  const credentialJson = JSON.stringify(signed);
  return { credentialJson, etag: `"${createHash('sha256').update(credentialJson).digest('base64url').slice(0, 27)}"` };
}

/** The tenant's open list for `purpose` with room for `count` more, opening a new one when needed. */
async function openListWithRoom(
  trx: IssuanceTransaction,
  signing: StatusListSigning,
  purpose: StatusPurpose,
  count: number,
  now: Date,
): Promise<StatusListRecord> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const open = await findOpenStatusList(trx, signing.key.issuerId, purpose);
    if (open && open.allocated + count <= STATUS_LIST_FILL_LIMIT) return open;
    if (open) await markStatusListFull(trx, open.id);
    const id = randomUUID();
    const bits = new Uint8Array(STATUS_LIST_CAPACITY / 8);
    const { credentialJson, etag } = await signStatusListCredential(signing, { id, purpose, bits }, now);
    // Another transaction may open one at the same moment; then its list is used (next loop).
    await insertOpenStatusList(trx, { id, issuerId: signing.key.issuerId, purpose, capacity: STATUS_LIST_CAPACITY, bits, credentialJson, etag });
  }
  throw new StatusListError('issuer.status.no_list', `could not open a ${purpose} status list for issuer ${signing.key.issuerId}`);
}

/** `count` distinct random indexes of a list, in draw order. */
function drawDistinct(count: number): number[] {
  const drawn = new Set<number>();
  while (drawn.size < count) drawn.add(randomInt(STATUS_LIST_CAPACITY));
  return [...drawn];
}

export type StatusAllocation =
  | { readonly ok: true; readonly positions: Map<string, Record<StatusPurpose, StatusPosition>> }
  /** Some ids are already issued: nothing was claimed. */
  | { readonly ok: false; readonly taken: string[] };

/**
 * Draws a random, unused position in the tenant's open list of each purpose for each credential.
 * Usually one statement (claimPositionsInOpenLists: id check, both purposes, counters); another
 * only when a list must be opened (the tenant's first issue, or a list reaching its fill limit)
 * or when a concurrent allocation took a drawn index first. Each statement commits on its own and
 * holds the lists' counter rows only for its own few milliseconds; no transaction stays open. A
 * position claimed for a credential that then fails is never reused (harmless: the list holds
 * positions for tens of thousands more).
 */
export async function allocateStatusPositions(
  db: Kysely<IssuanceDatabase>,
  signing: StatusListSigning,
  credentialIds: readonly string[],
  now: Date,
): Promise<StatusAllocation> {
  if (credentialIds.length > STATUS_LIST_FILL_LIMIT) {
    throw new StatusListError('issuer.status.batch_too_large', `cannot allocate ${credentialIds.length} positions at once`);
  }
  const positions = new Map<string, Partial<Record<StatusPurpose, StatusPosition>>>(credentialIds.map((id) => [id, {}]));
  const waiting: Record<StatusPurpose, string[]> = { revocation: [...credentialIds], suspension: [...credentialIds] };
  for (let round = 0; waiting.revocation.length > 0 || waiting.suspension.length > 0; round += 1) {
    if (round === MAX_DRAW_ROUNDS) {
      throw new StatusListError('issuer.status.no_position', `no free status positions found for issuer ${signing.key.issuerId} after ${round} rounds`);
    }
    // Twice as many candidates as needed, plus a few: at the fill limit each is free with
    // probability ≥ 1/2, so one round nearly always suffices; the first free ones are taken.
    const candidates = {
      revocation: waiting.revocation.length === 0 ? [] : drawDistinct(2 * waiting.revocation.length + 8),
      suspension: waiting.suspension.length === 0 ? [] : drawDistinct(2 * waiting.suspension.length + 8),
    };
    const claim = await retryOnConflict(() =>
      claimPositionsInOpenLists(db, { issuerId: signing.key.issuerId, fillLimit: STATUS_LIST_FILL_LIMIT, credentialIds: waiting, candidates }),
    );
    if (claim.taken.length > 0) return { ok: false, taken: claim.taken };
    for (const { purpose, listId, index, credentialId } of claim.claimed) {
      const entry = positions.get(credentialId);
      if (entry) entry[purpose] = { purpose, listId, index };
    }
    for (const purpose of STATUS_PURPOSES) {
      waiting[purpose] = waiting[purpose].filter((id) => positions.get(id)?.[purpose] === undefined);
      if (waiting[purpose].length > 0 && !claim.lists.has(purpose)) {
        // No open list with room: close the full one and open another (rare), then draw again.
        const count = waiting[purpose].length;
        await retryOnConflict(() => db.transaction().execute((trx) => openListWithRoom(trx, signing, purpose, count, now)));
      }
    }
  }
  return { ok: true, positions: positions as Map<string, Record<StatusPurpose, StatusPosition>> };
}
