import { monitoredRow, type NewMonitoredCredential } from './monitorStore.ts';
import type { VerifierDb } from './staffTokenStore.ts';

/** The audit record of every verification: who asked, when, what was presented, what was decided. */
export interface StoredReport {
  readonly id: string;
  readonly kind: 'credential' | 'presentation' | 'request';
  readonly requestId: string | null;
  readonly requestedBy: string;
  readonly checkedAt: Date;
  readonly decision: 'accepted' | 'rejected';
  readonly holder: string | null;
  readonly submitted: unknown;
  readonly report: unknown;
}

function toReport(row: {
  id: string;
  kind: 'credential' | 'presentation' | 'request';
  request_id: string | null;
  requested_by: string;
  checked_at: Date;
  decision: 'accepted' | 'rejected';
  holder: string | null;
  submitted: unknown;
  report: unknown;
}): StoredReport {
  return {
    id: row.id,
    kind: row.kind,
    requestId: row.request_id,
    requestedBy: row.requested_by,
    checkedAt: row.checked_at,
    decision: row.decision,
    holder: row.holder,
    submitted: row.submitted,
    report: row.report,
  };
}

function reportRow(report: StoredReport) {
  return {
    id: report.id,
    kind: report.kind,
    request_id: report.requestId,
    requested_by: report.requestedBy,
    checked_at: report.checkedAt,
    decision: report.decision,
    holder: report.holder,
    submitted: JSON.stringify(report.submitted),
    report: JSON.stringify(report.report),
  };
}

export async function insertReport(db: VerifierDb, report: StoredReport): Promise<void> {
  await db.insertInto('verification_reports').values(reportRow(report)).execute();
}

/**
 * The report and its accepted credentials' monitoring rows in one statement (a data-modifying
 * CTE): atomic on its own, so no BEGIN / COMMIT round trips; the foreign keys are checked at the
 * end of the statement, when the report row exists.
 */
export async function insertReportWithMonitoring(db: VerifierDb, report: StoredReport, monitored: readonly NewMonitoredCredential[]): Promise<void> {
  if (monitored.length === 0) return insertReport(db, report);
  await db
    .with('report', (qb) => qb.insertInto('verification_reports').values(reportRow(report)).returning('id'))
    .insertInto('monitored_credentials')
    .values(monitored.map(monitoredRow))
    .execute();
}

export async function findReport(db: VerifierDb, id: string): Promise<StoredReport | undefined> {
  const row = await db.selectFrom('verification_reports').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toReport(row) : undefined;
}

export async function listReportsOfRequest(db: VerifierDb, requestId: string): Promise<StoredReport[]> {
  const rows = await db.selectFrom('verification_reports').selectAll().where('request_id', '=', requestId).orderBy('checked_at').orderBy('id').execute();
  return rows.map(toReport);
}
