import { createHash, randomInt, randomUUID } from 'node:crypto';
import { BitstringStatusList, createCredential } from '@digitalbazaar/vc-bitstring-status-list';
import { ED25519_2020_URL } from '../../core/credential/contexts.ts';
import type { IssuanceTransaction } from '../stores/issuanceDb.ts';
import {
  claimStatusPositions,
  countAllocated,
  findOpenStatusList,
  insertOpenStatusList,
  markStatusListFull,
  type StatusListRecord,
  type StatusPurpose,
} from '../stores/statusListStore.ts';
import type { CredentialSigner } from './credentialSigner.ts';
import type { TenantSigningKey } from './tenantSigner.ts';

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
/** Draw rounds before giving up; at half full a round keeps each candidate with probability ≥ 1/2. */
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

/**
 * Draws a random, unused position in the tenant's open list of each purpose for each credential,
 * inside `trx`. Returns, per credential id, its revocation and suspension positions.
 */
export async function allocateStatusPositions(
  trx: IssuanceTransaction,
  signing: StatusListSigning,
  credentialIds: readonly string[],
  now: Date,
): Promise<Map<string, Record<StatusPurpose, StatusPosition>>> {
  if (credentialIds.length > STATUS_LIST_FILL_LIMIT) {
    throw new StatusListError('issuer.status.batch_too_large', `cannot allocate ${credentialIds.length} positions at once`);
  }
  const positions = new Map<string, Partial<Record<StatusPurpose, StatusPosition>>>(credentialIds.map((id) => [id, {}]));
  const counted: string[] = [];
  for (const purpose of STATUS_PURPOSES) {
    const list = await openListWithRoom(trx, signing, purpose, credentialIds.length, now);
    let waiting = [...credentialIds];
    for (let round = 0; waiting.length > 0; round += 1) {
      if (round === MAX_DRAW_ROUNDS) {
        throw new StatusListError('issuer.status.no_position', `no free ${purpose} position found in list ${list.id} after ${round} rounds`);
      }
      const drawn = new Set<number>();
      const candidates = waiting.map((credentialId) => {
        let index: number;
        do index = randomInt(list.capacity);
        while (drawn.has(index));
        drawn.add(index);
        return { index, credentialId };
      });
      const claimed = await claimStatusPositions(trx, list.id, candidates);
      for (const { index, credentialId } of claimed) {
        const entry = positions.get(credentialId);
        if (entry) entry[purpose] = { purpose, listId: list.id, index };
      }
      const done = new Set(claimed.map((c) => c.credentialId));
      waiting = waiting.filter((id) => !done.has(id));
    }
    counted.push(list.id);
  }
  // Counters are updated in list-id order, the order status changes lock lists in.
  for (const listId of counted.sort()) await countAllocated(trx, listId, credentialIds.length);
  return positions as Map<string, Record<StatusPurpose, StatusPosition>>;
}
