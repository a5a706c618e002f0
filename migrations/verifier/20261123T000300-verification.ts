import { sql, type Kysely } from 'kysely';

/**
 * Verification records (DESIGN §8): pinned credential logs, single-use challenges, presentation
 * requests, the stored reports (the Joint Commission audit record), the credentials of accepted
 * reports under status monitoring, and the alerts the monitor raises.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table trusted_logs (
      origin text primary key,
      verifier_key text not null,
      base_url text not null unique,
      checkpoint text,
      checkpoint_size bigint check (checkpoint_size >= 0),
      added_by text not null,
      added_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table challenges (
      id text primary key,
      challenge text not null unique,
      domain text not null,
      purpose text not null check (purpose in ('api', 'request')),
      created_by text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz
    )`.execute(db);
  await sql`
    create table presentation_requests (
      id text primary key,
      secret_hash text not null check (secret_hash ~ '^[0-9a-f]{64}$'),
      policy_id text not null references policies (id),
      applicant jsonb not null,
      challenge_id text not null unique references challenges (id),
      created_by text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      status text not null default 'pending' check (status in ('pending', 'accepted', 'rejected')),
      report_id text,
      answered_at timestamptz
    )`.execute(db);
  await sql`
    create table verification_reports (
      id text primary key,
      kind text not null check (kind in ('credential', 'presentation', 'request')),
      request_id text references presentation_requests (id),
      requested_by text not null,
      checked_at timestamptz not null,
      decision text not null check (decision in ('accepted', 'rejected')),
      holder text,
      submitted jsonb not null,
      report jsonb not null
    )`.execute(db);
  await sql`create index verification_reports_request_idx on verification_reports (request_id)`.execute(db);
  await sql`
    alter table presentation_requests
      add constraint presentation_requests_report_fk foreign key (report_id) references verification_reports (id)`.execute(db);
  await sql`
    create table monitored_credentials (
      id text primary key,
      report_id text not null references verification_reports (id),
      request_id text references presentation_requests (id),
      credential_id text,
      credential_type text not null,
      credential_hash text not null,
      issuer_did text not null,
      summary text not null,
      credential jsonb not null,
      revoked boolean,
      suspended boolean,
      active boolean not null default true,
      last_checked_at timestamptz not null,
      last_error text
    )`.execute(db);
  await sql`create index monitored_credentials_active_idx on monitored_credentials (active)`.execute(db);
  await sql`
    create table alerts (
      id text primary key,
      monitored_credential_id text not null references monitored_credentials (id),
      report_id text not null references verification_reports (id),
      request_id text references presentation_requests (id),
      credential_id text,
      issuer_did text not null,
      kind text not null check (kind in ('revoked', 'suspended', 'reinstated', 'status-unavailable')),
      detail text not null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index alerts_created_idx on alerts (created_at)`.execute(db);
}
