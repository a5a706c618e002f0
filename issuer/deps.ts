import type { Kysely } from 'kysely';
import type { IssuerDatabase } from '../core/db/schema.ts';
import type { Logger } from '../core/http/logger.ts';
import type { IssuerConfig } from './config.ts';

/** Everything the issuer's routes and services need, built once at start and passed down. */
export interface IssuerDeps {
  readonly db: Kysely<IssuerDatabase>;
  readonly config: IssuerConfig;
  readonly logger: Logger;
  /** Base URL the outside world reaches this service at (status lists, offers, log). */
  readonly publicUrl: string;
}
