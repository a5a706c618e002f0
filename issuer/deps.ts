import type { Kysely } from 'kysely';
import type { IssuerDatabase } from '../core/db/schema.ts';
import type { Logger } from '../core/http/logger.ts';
import type { IssuerConfig } from './config.ts';
import type { CredentialLog } from './log/credentialLog.ts';
import type { CredentialSigner } from './services/credentialSigner.ts';
import type { TenantKeys } from './services/tenantSigner.ts';

/** Everything the issuer's routes and services need, built once at start and passed down. */
export interface IssuerDeps {
  readonly db: Kysely<IssuerDatabase>;
  readonly config: IssuerConfig;
  readonly logger: Logger;
  /** Base URL the outside world reaches this service at (status lists, offers, log). */
  readonly publicUrl: string;
  /** The credential log every issuance and status change is anchored in. */
  readonly log: CredentialLog;
  /** Tenants' signing keys, decrypted once and cached. */
  readonly tenantKeys: TenantKeys;
  /** Signs credentials (worker threads, or the event loop). */
  readonly signer: CredentialSigner;
}
