import type { Kysely } from 'kysely';
import type { VerifierDatabase } from '../core/db/schema.ts';
import type { Logger } from '../core/http/logger.ts';
import type { VerifierConfig } from './config.ts';
import type { VerificationRuntime } from './services/verificationRuntime.ts';

/** Everything the verifier's routes and services need, built once at start and passed down. */
export interface VerifierDeps extends VerificationRuntime {
  readonly db: Kysely<VerifierDatabase>;
  readonly config: VerifierConfig;
  readonly logger: Logger;
  /** Base URL wallets reach this service at (presentation requests). */
  readonly publicUrl: string;
}
