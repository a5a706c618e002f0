import type { IssuerFoundationTables, VerifierFoundationTables } from './tables/foundationTables.ts';
import type { VerificationTables } from './tables/verifierTables.ts';

/**
 * The kysely Database types of the two services. Each group of tables is declared beside its
 * migration's purpose in tables/*.ts and merged here; issuer and verifier are separate
 * organisations with separate databases, so they share no tables.
 */
export interface IssuerDatabase extends IssuerFoundationTables {}

export interface VerifierDatabase extends VerifierFoundationTables, VerificationTables {}
