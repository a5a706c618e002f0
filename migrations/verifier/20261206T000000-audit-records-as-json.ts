import { sql, type Kysely } from 'kysely';

/**
 * The audit record's documents (what was submitted, the report, a monitored credential) are
 * written once per verification and read back whole, never queried inside: `json` keeps the text
 * exactly as written (key order included) and costs PostgreSQL a syntax check, where `jsonb`
 * parsed it into a binary form nothing used. Stored out of line uncompressed (`external`): a
 * presentation's record is ~25 KB of JSON, and compressing it cost more CPU per verification
 * than parsing it. Measured on PostgreSQL 15 (bench/FINDINGS.md, "Storing the audit record"):
 * a 5-credential presentation's report with its five monitored credentials, 1.0 ms of
 * PostgreSQL CPU as jsonb, 0.49–0.62 ms as json stored external, at 28 KB on disk against 16 KB.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table verification_reports
      alter column submitted type json using submitted::json,
      alter column report type json using report::json,
      alter column submitted set storage external,
      alter column report set storage external`.execute(db);
  await sql`
    alter table monitored_credentials
      alter column credential type json using credential::json,
      alter column credential set storage external`.execute(db);
}
