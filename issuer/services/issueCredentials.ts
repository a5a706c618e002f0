import type { LogEntry } from '../../core/log/index.ts';
import { isUniqueViolation } from '../../core/db/errors.ts';
import { problems, type ProblemFieldError } from '../../core/http/problem.ts';
import type { IssuerDeps } from '../deps.ts';
import type { LogReceipt, QueuedEntries } from '../log/credentialLog.ts';
import { issuedCredentialsInsert, type NewIssuedCredential } from '../stores/credentialStore.ts';
import { issuanceDatabase, writeWithoutWaitingForFlush, type IssuanceTransaction } from '../stores/issuanceDb.ts';
import type { StatusPurpose } from '../stores/statusListStore.ts';
import type { IssuerRecord } from '../stores/issuerStore.ts';
import type { JsonObject } from './credentialSigning.ts';
import { IssueCoalescer } from './issueCoalescer.ts';
import { asLogProblem, issuanceProblems, summarizeFieldErrors } from './issuanceProblems.ts';
import { prepareCredential, type PreparedCredential } from './prepareCredential.ts';
import { allocateStatusPositions, statusEntry, type StatusPosition } from './statusLists.ts';

/**
 * Issuing (DESIGN §3, §4, §6): validate → allocate status positions → sign → record the credentials
 * and queue their `issue` log entries in one statement (atomic) → wait until the log has integrated them →
 * answer each credential with its receipt. A batch is all or nothing and one log batch.
 */

export const MAX_BATCH = 1000;

export interface IssuedCredential {
  readonly verifiableCredential: JsonObject;
  readonly receipt: LogReceipt;
}

export type IssuanceDeps = Pick<IssuerDeps, 'db' | 'log' | 'signer' | 'tenantKeys' | 'publicUrl' | 'logger'>;

/**
 * Validates every credential of a request, collecting every failing field of every credential;
 * throws 422 (data model, schema, `issuer`) or 403 (a type or jurisdiction the tenant may not attest).
 */
export function prepareAll(
  tenant: IssuerRecord,
  inputs: ReadonlyArray<{ readonly credential: unknown; readonly path: string }>,
  now: Date,
  options: { subjectWithoutId?: boolean } = {},
): PreparedCredential[] {
  const prepared: PreparedCredential[] = [];
  const unprocessable: ProblemFieldError[] = [];
  const forbidden: ProblemFieldError[] = [];
  const seenIds = new Map<string, string>();
  for (const { credential, path } of inputs) {
    const result = prepareCredential(tenant, credential, { path, now, ...(options.subjectWithoutId ? { subjectWithoutId: true } : {}) });
    if (!result.ok) {
      (result.status === 403 ? forbidden : unprocessable).push(...result.errors);
      continue;
    }
    const earlier = seenIds.get(result.prepared.id);
    if (earlier !== undefined) unprocessable.push({ path: `${path}.id`, message: `repeats the id of ${earlier}` });
    seenIds.set(result.prepared.id, path);
    prepared.push(result.prepared);
  }
  if (unprocessable.length > 0) {
    // Permission problems of other items are listed too, so one round trip shows everything.
    const errors = [...unprocessable, ...forbidden];
    throw problems.validation(summarizeFieldErrors(errors), errors);
  }
  if (forbidden.length > 0) throw issuanceProblems.forbiddenFields(summarizeFieldErrors(forbidden), forbidden);
  return prepared;
}

export interface IssueOptions {
  /** Runs in one transaction with the recording statement, after it (offers mark themselves redeemed). */
  readonly withinTransaction?: (trx: IssuanceTransaction, issued: readonly NewIssuedCredential[]) => Promise<void>;
  readonly offerId?: string;
}

/** A credential signed, recorded and queued for the log; its receipt comes once the log integrates it. */
interface Recorded {
  readonly verifiableCredential: JsonObject;
  readonly receipt: Promise<LogReceipt>;
}

type Coalescer = IssueCoalescer<PreparedCredential, Recorded>;
/**
 * Groups of one tenant in progress at once. A group spends part of its life waiting on the
 * database (allocation, recording); with three, one is nearly always signing on the threads.
 */
const COALESCED_GROUPS_IN_PROGRESS = 3;
// One coalescer per running issuer (its log is unique to it), with the tenant record of each group.
const coalescers = new WeakMap<object, { coalescer: Coalescer; tenants: Map<string, IssuerRecord> }>();

function coalescerOf(deps: IssuanceDeps): { coalescer: Coalescer; tenants: Map<string, IssuerRecord> } {
  let entry = coalescers.get(deps.log);
  if (!entry) {
    const tenants = new Map<string, IssuerRecord>();
    const coalescer: Coalescer = new IssueCoalescer((tenantId, items) => {
      const tenant = tenants.get(tenantId);
      if (!tenant) throw new Error(`no tenant ${tenantId} for a queued issue`);
      return recordNow(deps, tenant, items, {});
    }, { maxItems: MAX_BATCH, maxGroups: COALESCED_GROUPS_IN_PROGRESS });
    entry = { coalescer, tenants };
    coalescers.set(deps.log, entry);
  }
  return entry;
}

/**
 * Issues prepared credentials (each with a bound subject DID) for `tenant`. Concurrent requests of
 * one tenant are grouped up to the commit (issueCoalescer.ts); each then waits for its own receipts,
 * while the next group is already being signed. A request with a transaction hook runs on its own.
 */
export async function issuePrepared(
  deps: IssuanceDeps,
  tenant: IssuerRecord,
  prepared: readonly PreparedCredential[],
  options: IssueOptions = {},
): Promise<IssuedCredential[]> {
  if (prepared.length === 0) return [];
  if (prepared.length > MAX_BATCH) throw problems.badRequest(`at most ${MAX_BATCH} credentials per request`);
  let recorded: Recorded[];
  if (options.withinTransaction !== undefined || options.offerId !== undefined) {
    recorded = await recordNow(deps, tenant, prepared, options);
  } else {
    const { coalescer, tenants } = coalescerOf(deps);
    tenants.set(tenant.id, tenant);
    recorded = await coalescer.submit(tenant.id, prepared);
  }
  const receipts = await Promise.all(recorded.map((r) => r.receipt));
  deps.logger.info({ issuerId: tenant.id, count: recorded.length, offerId: options.offerId }, 'credentials issued');
  return recorded.map(({ verifiableCredential }, i) => ({ verifiableCredential, receipt: receipts[i] as LogReceipt }));
}

/**
 * Allocates status positions, signs, and records the credentials with their queued log entries.
 * Database work per group, whatever its size: one allocation statement (which also refuses ids
 * already issued), then one statement of two inserts (the credentials, the log queue).
 */
async function recordNow(
  deps: IssuanceDeps,
  tenant: IssuerRecord,
  prepared: readonly PreparedCredential[],
  options: IssueOptions,
): Promise<Recorded[]> {
  const db = issuanceDatabase(deps.db);
  const ids = prepared.map((p) => p.id);
  const key = deps.tenantKeys.keyOf(tenant);
  const now = new Date();
  // Positions are claimed before signing and committed on their own, so signing holds no
  // transaction open. If what follows fails, those positions stay claimed and unused: never reused.
  const allocation = await allocateStatusPositions(db, { key, signer: deps.signer, publicUrl: deps.publicUrl }, ids, now);
  if (!allocation.ok) throw issuanceProblems.duplicateCredentialId(allocation.taken);
  const { positions } = allocation;

  const unsigned = prepared.map((p) => {
    const position = positions.get(p.id);
    if (!position) throw new Error(`no status positions were allocated for ${p.id}`);
    return { ...p.credential, credentialStatus: [statusEntry(deps.publicUrl, position.revocation), statusEntry(deps.publicUrl, position.suspension)] };
  });
  // The signing threads answer JSON text and log hash; the object answered to the client is parsed
  // from exactly the text stored.
  const signed = await deps.signer.signRecords(key, unsigned, now);

  const at = now.toISOString();
  const records: NewIssuedCredential[] = [];
  const entries: LogEntry[] = [];
  signed.forEach(({ json, credentialHash }, i) => {
    const p = prepared[i] as PreparedCredential;
    const position = positions.get(p.id) as Record<StatusPurpose, StatusPosition>;
    if (p.subjectDid === undefined) throw new Error(`credential ${p.id} has no subject DID to issue to`);
    records.push({
      id: p.id,
      issuerId: tenant.id,
      credentialType: p.credentialType,
      subjectDid: p.subjectDid,
      credentialHash,
      credentialJson: json,
      revocationListId: position.revocation.listId,
      revocationIndex: position.revocation.index,
      suspensionListId: position.suspension.listId,
      suspensionIndex: position.suspension.index,
      validFrom: p.validFrom,
      validUntil: p.validUntil,
      offerId: options.offerId ?? null,
    });
    entries.push({ v: 1, kind: 'issue', issuer: key.did, credentialHash, at });
  });

  // One statement records the credentials and queues their log entries (atomic, one round trip);
  // with a hook, in a transaction with it. No answer goes out before the log has integrated these
  // entries, in a later transaction whose durable commit flushes this one with it: waiting for this
  // flush too would only add latency.
  let queued: QueuedEntries;
  try {
    queued = deps.log.queued(entries);
    const writes = [issuedCredentialsInsert(records), queued.insert];
    const hook = options.withinTransaction;
    if (hook === undefined) await writeWithoutWaitingForFlush(db, writes);
    else {
      await db.transaction().execute(async (trx) => {
        await writeWithoutWaitingForFlush(trx, writes);
        await hook(trx, records);
      });
    }
  } catch (error) {
    // A concurrent request issued one of these ids between the allocation's check and the insert.
    if (isUniqueViolation(error)) throw issuanceProblems.duplicateCredentialId(ids);
    throw asLogProblem(error);
  }
  // One wait for the whole group (one set of proof queries), shared by the requests in it; it is
  // not awaited here, so the next group is signed while this one is being logged.
  const receipts = queued.receipts().catch((error: unknown) => {
    throw asLogProblem(error);
  });
  return records.map((record, i) => ({
    verifiableCredential: JSON.parse(record.credentialJson) as JsonObject,
    receipt: receipts.then((all) => all[i] as LogReceipt),
  }));
}
