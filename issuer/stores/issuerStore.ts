import type { Kysely, Transaction } from 'kysely';
import type { IssuerDatabase } from '../../core/db/schema.ts';
import type { IssuerKind } from '../issuerKinds.ts';

export type IssuerDb = Kysely<IssuerDatabase> | Transaction<IssuerDatabase>;

export interface IssuerRecord {
  readonly id: string;
  readonly name: string;
  readonly kind: IssuerKind;
  readonly jurisdiction: string | null;
  readonly credentialTypes: readonly string[];
  readonly did: string;
  readonly verificationMethod: string;
  readonly publicKeyMultibase: string;
  readonly encryptedPrivateKey: string;
  readonly createdAt: Date;
}

type IssuerRow = IssuerDatabase['issuers'] extends infer T ? T : never;

function toRecord(row: {
  id: string;
  name: string;
  kind: string;
  jurisdiction: string | null;
  credential_types: unknown;
  did: string;
  verification_method: string;
  public_key_multibase: string;
  encrypted_private_key: string;
  created_at: Date;
}): IssuerRecord {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as IssuerKind,
    jurisdiction: row.jurisdiction,
    credentialTypes: row.credential_types as string[],
    did: row.did,
    verificationMethod: row.verification_method,
    publicKeyMultibase: row.public_key_multibase,
    encryptedPrivateKey: row.encrypted_private_key,
    createdAt: row.created_at,
  };
}

export async function insertIssuer(db: IssuerDb, issuer: Omit<IssuerRecord, 'createdAt'>): Promise<void> {
  await db
    .insertInto('issuers')
    .values({
      id: issuer.id,
      name: issuer.name,
      kind: issuer.kind,
      jurisdiction: issuer.jurisdiction,
      credential_types: JSON.stringify(issuer.credentialTypes),
      did: issuer.did,
      verification_method: issuer.verificationMethod,
      public_key_multibase: issuer.publicKeyMultibase,
      encrypted_private_key: issuer.encryptedPrivateKey,
    })
    .execute();
}

export async function findIssuerById(db: IssuerDb, id: string): Promise<IssuerRecord | undefined> {
  const row = await db.selectFrom('issuers').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export async function findIssuerByName(db: IssuerDb, name: string): Promise<IssuerRecord | undefined> {
  const row = await db
    .selectFrom('issuers')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export async function listIssuers(db: IssuerDb): Promise<IssuerRecord[]> {
  const rows = await db.selectFrom('issuers').selectAll().orderBy('created_at').orderBy('id').execute();
  return rows.map(toRecord);
}

export type { IssuerRow };
