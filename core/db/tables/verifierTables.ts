import type { ColumnType, Generated } from 'kysely';
import type { Json, NullableTimestamp } from './foundationTables.ts';

/** Verification records (migrations/verifier/20261123T000300-verification.ts). */

export interface TrustedLogsTable {
  origin: string;
  verifier_key: string;
  base_url: string;
  /** The largest signed checkpoint this verifier has accepted (note text), or null before the first. */
  checkpoint: string | null;
  checkpoint_size: bigint | null;
  added_by: string;
  added_at: Generated<Date>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface ChallengesTable {
  id: string;
  challenge: string;
  domain: string;
  purpose: 'api' | 'request';
  created_by: string;
  created_at: Generated<Date>;
  expires_at: Date;
  used_at: NullableTimestamp;
}

export interface PresentationRequestsTable {
  id: string;
  secret_hash: string;
  policy_id: string;
  applicant: Json<{ name: string; npi?: string | undefined; email?: string | undefined }>;
  challenge_id: string;
  created_by: string;
  created_at: Generated<Date>;
  expires_at: Date;
  status: ColumnType<'pending' | 'accepted' | 'rejected', 'pending' | 'accepted' | 'rejected' | undefined, 'pending' | 'accepted' | 'rejected'>;
  report_id: ColumnType<string | null, string | null | undefined, string | null>;
  answered_at: NullableTimestamp;
}

export interface VerificationReportsTable {
  id: string;
  kind: 'credential' | 'presentation' | 'request';
  request_id: string | null;
  requested_by: string;
  checked_at: Date;
  decision: 'accepted' | 'rejected';
  holder: string | null;
  submitted: Json<unknown>;
  report: Json<unknown>;
}

export interface MonitoredCredentialsTable {
  id: string;
  report_id: string;
  request_id: string | null;
  credential_id: string | null;
  credential_type: string;
  credential_hash: string;
  issuer_did: string;
  summary: string;
  credential: Json<Record<string, unknown>>;
  revoked: boolean | null;
  suspended: boolean | null;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  last_checked_at: Date;
  last_error: string | null;
}

export interface AlertsTable {
  id: string;
  monitored_credential_id: string;
  report_id: string;
  request_id: string | null;
  credential_id: string | null;
  issuer_did: string;
  kind: 'revoked' | 'suspended' | 'reinstated' | 'status-unavailable';
  detail: string;
  created_at: Generated<Date>;
}

export interface VerificationTables {
  trusted_logs: TrustedLogsTable;
  challenges: ChallengesTable;
  presentation_requests: PresentationRequestsTable;
  verification_reports: VerificationReportsTable;
  monitored_credentials: MonitoredCredentialsTable;
  alerts: AlertsTable;
}
