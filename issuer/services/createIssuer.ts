import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { generateApiToken, hashApiToken } from '../../core/auth/apiTokens.ts';
import { generateDidKey } from '../../core/crypto/didKey.ts';
import { encryptWithKek } from '../../core/crypto/keyEncryption.ts';
import { credentialTypeNames } from '../../core/credential/registry.ts';
import { isUniqueViolation } from '../../core/db/errors.ts';
import { problems } from '../../core/http/problem.ts';
import type { IssuerDeps } from '../deps.ts';
import { ANY_CREDENTIAL_TYPE, issuerKind, typesAllowedForKind } from '../issuerKinds.ts';
import { findIssuerByName, insertIssuer, type IssuerRecord } from '../stores/issuerStore.ts';
import { insertIssuerToken } from '../stores/tokenStore.ts';

export const createIssuerRequest = z
  .object({
    name: z.string().trim().min(3).max(200),
    kind: issuerKind,
    jurisdiction: z
      .string()
      .regex(/^US-[A-Z]{2}$/, 'an ISO 3166-2 US subdivision such as US-NY')
      .optional(),
    credentialTypes: z.array(z.string().min(1)).min(1).max(20),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.kind === 'state-medical-board' && value.jurisdiction === undefined) {
      ctx.addIssue({ code: 'custom', path: ['jurisdiction'], message: 'a state medical board needs its jurisdiction' });
    }
    const allowed = typesAllowedForKind[value.kind];
    value.credentialTypes.forEach((type, index) => {
      const known = type === ANY_CREDENTIAL_TYPE || credentialTypeNames().includes(type);
      if (!known) {
        ctx.addIssue({ code: 'custom', path: ['credentialTypes', index], message: `unknown credential type "${type}"` });
      } else if (!allowed.includes(ANY_CREDENTIAL_TYPE) && !allowed.includes(type)) {
        ctx.addIssue({
          code: 'custom',
          path: ['credentialTypes', index],
          message: `a ${value.kind} may not issue ${type} (allowed: ${allowed.join(', ')})`,
        });
      }
    });
  });
export type CreateIssuerRequest = z.output<typeof createIssuerRequest>;

export interface CreatedIssuer {
  readonly issuer: IssuerRecord;
  /** The first API token, shown exactly once; only its hash is stored. */
  readonly token: string;
}

/** Creates a tenant with its own Ed25519 did:key (private key encrypted at rest) and its first token. */
export async function createIssuer(deps: IssuerDeps, request: CreateIssuerRequest): Promise<CreatedIssuer> {
  const keyPair = generateDidKey();
  const id = randomUUID();
  const issuer: Omit<IssuerRecord, 'createdAt'> = {
    id,
    name: request.name,
    kind: request.kind,
    jurisdiction: request.jurisdiction ?? null,
    credentialTypes: request.credentialTypes,
    did: keyPair.did,
    verificationMethod: keyPair.keyId,
    publicKeyMultibase: keyPair.publicKeyMultibase,
    encryptedPrivateKey: encryptWithKek(keyPair.seed(), deps.config.keyEncryptionKey, `issuer:${id}`),
  };
  const token = generateApiToken('rcit');
  const duplicate = () => problems.conflict(`an issuer named "${request.name}" already exists`);
  await deps.db
    .transaction()
    .execute(async (trx) => {
      if (await findIssuerByName(trx, request.name)) throw duplicate();
      await insertIssuer(trx, issuer);
      await insertIssuerToken(trx, { id: randomUUID(), issuerId: id, tokenHash: hashApiToken(token), label: 'initial', expiresAt: null });
    })
    .catch((error: unknown) => {
      throw isUniqueViolation(error) ? duplicate() : error;
    });
  deps.logger.info({ issuerId: id, kind: request.kind, did: keyPair.did }, 'issuer created');
  return { issuer: { ...issuer, createdAt: new Date() }, token };
}
