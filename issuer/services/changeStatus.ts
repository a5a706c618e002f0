import { z } from 'zod';
import { isUniqueViolation } from '../../core/db/errors.ts';
import { problems } from '../../core/http/problem.ts';
import type { LogEntry } from '../../core/log/index.ts';
import type { LogReceipt } from '../log/credentialLog.ts';
import { lockCredentialOfIssuer, recordStatusChange, type IssuedCredentialRecord } from '../stores/credentialStore.ts';
import { issuanceDatabase } from '../stores/issuanceDb.ts';
import type { IssuerRecord } from '../stores/issuerStore.ts';
import { lockStatusListBits, saveStatusListBits, type StatusPurpose } from '../stores/statusListStore.ts';
import { asLogProblem } from './issuanceProblems.ts';
import type { IssuanceDeps } from './issueCredentials.ts';
import { signStatusListCredential, statusListOf, statusListUrl } from './statusLists.ts';
import { retryOnConflict } from './transactionRetry.ts';

/**
 * `POST /credentials/status` (VC-API, DESIGN §5): set or clear a credential's revocation or
 * suspension bit. One transaction locks the credential and its list, flips the bit, re-signs the
 * list and queues the `status` log entry; the answer waits for the entry's receipt. Revocation is
 * final: a revoked credential's status never changes again. A change that changes nothing is refused
 * (409), so every accepted request is exactly one logged event.
 */
const requestedEntry = z.strictObject({
  type: z.literal('BitstringStatusListEntry', 'only BitstringStatusListEntry is supported'),
  statusPurpose: z.enum(['revocation', 'suspension'], 'must be "revocation" or "suspension"'),
  // A client may echo the credential's own entry; then these must match it.
  id: z.string().optional(),
  statusListIndex: z.union([z.string(), z.number()]).optional(),
  statusListCredential: z.string().optional(),
});

export const statusChangeRequest = z.strictObject({
  credentialId: z.string().min(1).max(200),
  credentialStatus: z
    .array(requestedEntry)
    .min(1, 'name at least one status entry')
    .max(2)
    .refine((entries) => new Set(entries.map((e) => e.statusPurpose)).size === entries.length, 'names a status purpose twice'),
  status: z.boolean('must be true (set: revoke / suspend) or false (clear: lift a suspension)'),
});
export type StatusChangeRequest = z.output<typeof statusChangeRequest>;

export interface StatusChangeResult {
  readonly credentialId: string;
  readonly credentialStatus: ReadonlyArray<{
    readonly type: 'BitstringStatusListEntry';
    readonly statusPurpose: StatusPurpose;
    readonly statusListCredential: string;
    readonly statusListIndex: string;
    readonly status: boolean;
  }>;
  /** The credential's standing after the change. */
  readonly revoked: boolean;
  readonly suspended: boolean;
  /** One receipt per logged `status` entry, in the order of `credentialStatus`. */
  readonly receipts: readonly LogReceipt[];
}

function positionOf(record: IssuedCredentialRecord, purpose: StatusPurpose): { listId: string; index: number } {
  return purpose === 'revocation'
    ? { listId: record.revocationListId, index: record.revocationIndex }
    : { listId: record.suspensionListId, index: record.suspensionIndex };
}

function refuseNoOpOrFinal(record: IssuedCredentialRecord, purpose: StatusPurpose, status: boolean): void {
  if (record.revokedAt !== null) {
    throw problems.conflict(
      purpose === 'revocation' && !status
        ? `credential ${record.id} was revoked on ${record.revokedAt.toISOString()}; revocation is final and cannot be reinstated`
        : `credential ${record.id} was revoked on ${record.revokedAt.toISOString()}; its status can no longer change`,
    );
  }
  if (purpose === 'revocation' && !status) throw problems.conflict(`credential ${record.id} is not revoked`);
  if (purpose === 'suspension' && record.suspended === status) {
    throw problems.conflict(`credential ${record.id} is ${status ? 'already suspended' : 'not suspended'}`);
  }
}

export async function changeCredentialStatus(deps: IssuanceDeps, tenant: IssuerRecord, request: StatusChangeRequest): Promise<StatusChangeResult> {
  const db = issuanceDatabase(deps.db);
  const key = deps.tenantKeys.keyOf(tenant);
  const signing = { key, signer: deps.signer, publicUrl: deps.publicUrl };
  const purposes = [...request.credentialStatus].sort((a, b) => a.statusPurpose.localeCompare(b.statusPurpose));
  const now = new Date();

  const outcome = await retryOnConflict(() => db
    .transaction()
    .execute(async (trx) => {
      const record = await lockCredentialOfIssuer(trx, tenant.id, request.credentialId);
      // Another tenant's credential is reported exactly like one that does not exist.
      if (!record) throw problems.notFound(`no credential ${request.credentialId} issued by this issuer`);
      for (const entry of purposes) {
        refuseNoOpOrFinal(record, entry.statusPurpose, request.status);
        const { listId, index } = positionOf(record, entry.statusPurpose);
        const url = statusListUrl(deps.publicUrl, listId);
        const mismatch =
          (entry.statusListCredential !== undefined && entry.statusListCredential !== url) ||
          (entry.statusListIndex !== undefined && String(entry.statusListIndex) !== String(index)) ||
          (entry.id !== undefined && entry.id !== `${url}#${index}`);
        if (mismatch) {
          throw problems.validation(`the ${entry.statusPurpose} entry given is not this credential's`, [
            { path: `credentialStatus.${request.credentialStatus.indexOf(entry)}`, message: `does not match the credential's ${entry.statusPurpose} entry` },
          ]);
        }
      }
      const changes: Array<StatusChangeResult['credentialStatus'][number]> = [];
      // Lists are locked in id order, so two changes touching both lists cannot deadlock.
      const ordered = [...purposes].sort((a, b) => positionOf(record, a.statusPurpose).listId.localeCompare(positionOf(record, b.statusPurpose).listId));
      for (const entry of ordered) {
        const { listId, index } = positionOf(record, entry.statusPurpose);
        const locked = await lockStatusListBits(trx, listId);
        if (!locked || locked.record.issuerId !== tenant.id) throw new Error(`status list ${listId} of credential ${record.id} is missing`);
        const list = statusListOf(locked.bits);
        list.setStatus(index, request.status);
        const bits = list.bitstring.bits;
        const { credentialJson, etag } = await signStatusListCredential(signing, { id: listId, purpose: entry.statusPurpose, bits }, now);
        await saveStatusListBits(trx, listId, { bits, credentialJson, etag, version: locked.version + 1n });
        changes.push({
          type: 'BitstringStatusListEntry',
          statusPurpose: entry.statusPurpose,
          statusListCredential: statusListUrl(deps.publicUrl, listId),
          statusListIndex: String(index),
          status: request.status,
        });
      }
      const revoked = purposes.some((e) => e.statusPurpose === 'revocation') && request.status;
      const suspendedChange = purposes.find((e) => e.statusPurpose === 'suspension');
      await recordStatusChange(trx, record.id, {
        at: now,
        ...(revoked ? { revokedAt: now } : {}),
        ...(suspendedChange ? { suspended: request.status } : {}),
      });
      const ordering = new Map(purposes.map((e, i) => [e.statusPurpose, i]));
      changes.sort((a, b) => (ordering.get(a.statusPurpose) ?? 0) - (ordering.get(b.statusPurpose) ?? 0));
      const entries: LogEntry[] = changes.map((change) => ({
        v: 1,
        kind: 'status',
        issuer: key.did,
        credentialHash: record.credentialHash,
        statusPurpose: change.statusPurpose,
        statusValue: change.status,
        at: now.toISOString(),
      }));
      const leafHashes = await deps.log.enqueue(trx, entries);
      return {
        leafHashes,
        changes,
        revoked: revoked || record.revokedAt !== null,
        suspended: suspendedChange ? request.status : record.suspended,
      };
    }))
    .catch((error: unknown) => {
      if (isUniqueViolation(error)) throw problems.conflict('a concurrent status change of this credential won; retry');
      throw asLogProblem(error);
    });

  const receipts = await deps.log.awaitReceipts(outcome.leafHashes).catch((error: unknown) => {
    throw asLogProblem(error);
  });
  deps.logger.info({ issuerId: tenant.id, credentialId: request.credentialId, changes: outcome.changes.map((c) => `${c.statusPurpose}=${c.status}`) }, 'credential status changed');
  return {
    credentialId: request.credentialId,
    credentialStatus: outcome.changes,
    revoked: outcome.revoked,
    suspended: outcome.suspended,
    receipts,
  };
}
