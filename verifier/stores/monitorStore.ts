import type { VerifierDb } from './staffTokenStore.ts';

/** Credentials of accepted reports under status monitoring, and the alerts the monitor raised. */
export interface MonitoredCredential {
  readonly id: string;
  readonly reportId: string;
  readonly requestId: string | null;
  readonly credentialId: string | null;
  readonly credentialType: string;
  readonly credentialHash: string;
  readonly issuerDid: string;
  readonly summary: string;
  readonly credential: Record<string, unknown>;
  readonly revoked: boolean | null;
  readonly suspended: boolean | null;
  readonly active: boolean;
  readonly lastCheckedAt: Date;
  readonly lastError: string | null;
}

export type AlertKind = 'revoked' | 'suspended' | 'reinstated' | 'status-unavailable';

export interface Alert {
  readonly id: string;
  readonly monitoredCredentialId: string;
  readonly reportId: string;
  readonly requestId: string | null;
  readonly credentialId: string | null;
  readonly issuerDid: string;
  readonly kind: AlertKind;
  readonly detail: string;
  readonly createdAt: Date;
}

export type NewMonitoredCredential = Omit<MonitoredCredential, 'active' | 'lastError'>;

/** The table row of a credential put under monitoring (reportStore inserts it with its report). */
export function monitoredRow(credential: NewMonitoredCredential) {
  return {
    id: credential.id,
    report_id: credential.reportId,
    request_id: credential.requestId,
    credential_id: credential.credentialId,
    credential_type: credential.credentialType,
    credential_hash: credential.credentialHash,
    issuer_did: credential.issuerDid,
    summary: credential.summary,
    credential: JSON.stringify(credential.credential),
    revoked: credential.revoked,
    suspended: credential.suspended,
    last_checked_at: credential.lastCheckedAt,
    last_error: null,
  };
}

export async function listActiveMonitored(db: VerifierDb): Promise<MonitoredCredential[]> {
  const rows = await db.selectFrom('monitored_credentials').selectAll().where('active', '=', true).orderBy('last_checked_at').orderBy('id').execute();
  return rows.map((row) => ({
    id: row.id,
    reportId: row.report_id,
    requestId: row.request_id,
    credentialId: row.credential_id,
    credentialType: row.credential_type,
    credentialHash: row.credential_hash,
    issuerDid: row.issuer_did,
    summary: row.summary,
    credential: row.credential,
    revoked: row.revoked,
    suspended: row.suspended,
    active: row.active,
    lastCheckedAt: row.last_checked_at,
    lastError: row.last_error,
  }));
}

export async function updateMonitoredStatus(
  db: VerifierDb,
  id: string,
  status: { revoked: boolean | null; suspended: boolean | null; active: boolean; lastCheckedAt: Date; lastError: string | null },
): Promise<void> {
  await db
    .updateTable('monitored_credentials')
    .set({ revoked: status.revoked, suspended: status.suspended, active: status.active, last_checked_at: status.lastCheckedAt, last_error: status.lastError })
    .where('id', '=', id)
    .execute();
}

export async function insertAlert(db: VerifierDb, alert: Omit<Alert, 'createdAt'>): Promise<void> {
  await db
    .insertInto('alerts')
    .values({
      id: alert.id,
      monitored_credential_id: alert.monitoredCredentialId,
      report_id: alert.reportId,
      request_id: alert.requestId,
      credential_id: alert.credentialId,
      issuer_did: alert.issuerDid,
      kind: alert.kind,
      detail: alert.detail,
    })
    .execute();
}

export async function listAlerts(db: VerifierDb, options: { since?: Date; limit: number }): Promise<Alert[]> {
  let query = db.selectFrom('alerts').selectAll();
  if (options.since) query = query.where('created_at', '>=', options.since);
  const rows = await query.orderBy('created_at', 'desc').orderBy('id').limit(options.limit).execute();
  return rows.map((row) => ({
    id: row.id,
    monitoredCredentialId: row.monitored_credential_id,
    reportId: row.report_id,
    requestId: row.request_id,
    credentialId: row.credential_id,
    issuerDid: row.issuer_did,
    kind: row.kind,
    detail: row.detail,
    createdAt: row.created_at,
  }));
}
