import type { VerifierDb } from './staffTokenStore.ts';

export interface TrustedIssuer {
  readonly did: string;
  readonly name: string;
  readonly kind: 'state-medical-board' | 'specialty-board' | 'cme-provider' | 'cvo';
  readonly credentialTypes: readonly string[];
  /** Jurisdictions this issuer is trusted for; empty = not jurisdiction-bound (boards, CME). */
  readonly jurisdictions: readonly string[];
  /** The only base URL status lists of this issuer are fetched from. */
  readonly statusBaseUrl: string | null;
  readonly addedBy: string;
  readonly addedAt: Date;
}

function toTrustedIssuer(row: {
  did: string;
  name: string;
  kind: string;
  credential_types: unknown;
  jurisdictions: unknown;
  status_base_url: string | null;
  added_by: string;
  added_at: Date;
}): TrustedIssuer {
  return {
    did: row.did,
    name: row.name,
    kind: row.kind as TrustedIssuer['kind'],
    credentialTypes: row.credential_types as string[],
    jurisdictions: row.jurisdictions as string[],
    statusBaseUrl: row.status_base_url,
    addedBy: row.added_by,
    addedAt: row.added_at,
  };
}

/** Adds or replaces the registry entry for a DID (staff re-import updates the name, types and scope). */
export async function upsertTrustedIssuer(db: VerifierDb, issuer: Omit<TrustedIssuer, 'addedAt'>): Promise<void> {
  const values = {
    did: issuer.did,
    name: issuer.name,
    kind: issuer.kind,
    credential_types: JSON.stringify(issuer.credentialTypes),
    jurisdictions: JSON.stringify(issuer.jurisdictions),
    status_base_url: issuer.statusBaseUrl,
    added_by: issuer.addedBy,
  };
  await db
    .insertInto('trusted_issuers')
    .values(values)
    .onConflict((oc) => oc.column('did').doUpdateSet({ ...values, added_at: new Date() }))
    .execute();
}

export async function findTrustedIssuer(db: VerifierDb, did: string): Promise<TrustedIssuer | undefined> {
  const row = await db.selectFrom('trusted_issuers').selectAll().where('did', '=', did).executeTakeFirst();
  return row ? toTrustedIssuer(row) : undefined;
}

export async function listTrustedIssuers(db: VerifierDb): Promise<TrustedIssuer[]> {
  const rows = await db.selectFrom('trusted_issuers').selectAll().orderBy('added_at').orderBy('did').execute();
  return rows.map(toTrustedIssuer);
}

export async function removeTrustedIssuer(db: VerifierDb, did: string): Promise<boolean> {
  const result = await db.deleteFrom('trusted_issuers').where('did', '=', did).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
