import type { ColumnType } from 'kysely';
import type { Json } from './foundationTables.ts';

/** One named fact about the installation, e.g. a seed marker (migrations 20261123T000000-foundation.ts). */
export interface ServiceMetaTable {
  key: string;
  value: Json<unknown>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** Present in both the issuer and the verifier database. */
export interface ServiceMetaTables {
  service_meta: ServiceMetaTable;
}
