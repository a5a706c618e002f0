import { z } from 'zod';
import { verifiableCredentialSchema } from '../credentialShape.ts';

/**
 * The wallet's files (all JSON, mode 0600, in a 0700 directory, every write atomic):
 *   wallet.json                the holder DID and its passphrase-sealed private key
 *   credentials/<hash>.json    one record per credential, named by its credentialHash hex
 *   trust.json                 log keys pinned on first use, newest checkpoint seen per log
 * Every file is validated here when read, so a damaged or hand-edited file is one clear error.
 */

export const WALLET_FORMAT = 'radwallet/1';

const base64url = z.string().regex(/^[A-Za-z0-9_-]*$/);

export const sealedKeySchema = z.strictObject({
  v: z.literal(1),
  kdf: z.literal('scrypt'),
  N: z.number().int(),
  r: z.number().int(),
  p: z.number().int(),
  salt: base64url,
  cipher: z.literal('aes-256-gcm'),
  nonce: base64url,
  ciphertext: base64url,
  tag: base64url,
});

export const walletFileSchema = z.strictObject({
  format: z.literal(WALLET_FORMAT),
  did: z.string().startsWith('did:key:'),
  createdAt: z.iso.datetime({ offset: true }),
  /** The 32-byte Ed25519 seed, sealed with the passphrase; AAD binds it to `did`. */
  holderKey: sealedKeySchema,
});
export type WalletFile = z.output<typeof walletFileSchema>;

/** One named check, the same shape the verifier reports (`{check, ok, code, detail}`). */
export const checkResultSchema = z.strictObject({
  check: z.string(),
  ok: z.boolean(),
  code: z.string(),
  detail: z.string(),
});
export type CheckResult = z.output<typeof checkResultSchema>;

/** What a person needs to know about a credential, most serious first. */
export const CREDENTIAL_STANDINGS = ['revoked', 'invalid', 'suspended', 'expired', 'not-yet-valid', 'unknown', 'valid'] as const;
export type CredentialStanding = (typeof CREDENTIAL_STANDINGS)[number];

export const lastCheckSchema = z.strictObject({
  at: z.iso.datetime({ offset: true }),
  standing: z.enum(CREDENTIAL_STANDINGS),
  checks: z.array(checkResultSchema),
});
export type LastCheck = z.output<typeof lastCheckSchema>;

/**
 * The issuance receipt (contracts.md `{entry, leafHash, leafIndex, treeSize, proof}`, `proof` a C2SP
 * tlog-proof). `refresh` replaces it with a newer one from `GET /log/receipts/<hash>`, which may carry
 * only the entry, index and proof. core/verify checks it; this only checks it can be read back.
 */
export const receiptSchema = z.looseObject({
  entry: z.unknown(),
  leafHash: z.string().optional(),
  leafIndex: z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).optional(),
  treeSize: z.union([z.number().int().positive(), z.string().regex(/^\d+$/)]).optional(),
  proof: z.string().min(1),
});
export type Receipt = z.output<typeof receiptSchema>;

export const issuerProfileSchema = z.strictObject({
  did: z.string(),
  name: z.string(),
  kind: z.enum(['state-medical-board', 'specialty-board', 'cme-provider', 'cvo']),
  jurisdiction: z.string().nullable(),
  credentialTypes: z.array(z.string()),
});
export type IssuerProfile = z.output<typeof issuerProfileSchema>;

export const credentialRecordSchema = z.strictObject({
  v: z.literal(1),
  /** `sha256:<hex>` of the JCS bytes of the signed credential (core/log credentialHash): its log identity. */
  credentialHash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  credential: verifiableCredentialSchema,
  receipt: receiptSchema,
  /** The issuer as its service's directory (`GET /issuers`) described it when the credential arrived. */
  issuer: issuerProfileSchema,
  /** Base URL of the issuer service that holds its log (and, usually, its status lists). */
  serviceUrl: z.string().url(),
  receivedAt: z.iso.datetime({ offset: true }),
  source: z.enum(['offer', 'file']),
  lastCheck: lastCheckSchema.optional(),
});
export type CredentialRecord = z.output<typeof credentialRecordSchema>;

export const pinnedLogSchema = z.strictObject({
  /** The log's C2SP verifier key (`origin+hex8+base64`), as `GET /log/key` gave it the first time. */
  key: z.string(),
  pinnedAt: z.iso.datetime({ offset: true }),
  /** The newest signed checkpoint the wallet has verified for this log (raw note text). */
  checkpoint: z.string().optional(),
});
export type PinnedLog = z.output<typeof pinnedLogSchema>;

export const trustFileSchema = z.strictObject({
  v: z.literal(1),
  /** By issuer service base URL. */
  logs: z.record(z.string(), pinnedLogSchema),
});
export type TrustFile = z.output<typeof trustFileSchema>;
