import type { IssuerFoundationTables, VerifierFoundationTables } from './tables/foundationTables.ts';
import type { IssuanceTables } from './tables/issuanceTables.ts';
import type { ServiceMetaTables } from './tables/serviceMetaTables.ts';
import type { VerificationTables } from './tables/verifierTables.ts';

/**
 * The kysely Database types of the two services. Each group of tables is declared beside its
 * migration's purpose in tables/*.ts and merged here; issuer and verifier are separate
 * organisations with separate databases, so they share no tables (only the shape of `service_meta`).
 */
export interface IssuerDatabase extends ServiceMetaTables, IssuerFoundationTables, IssuanceTables {}

export interface VerifierDatabase extends ServiceMetaTables, VerifierFoundationTables, VerificationTables {}
