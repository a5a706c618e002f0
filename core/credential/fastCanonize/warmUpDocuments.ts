import {
  CREDENTIALS_V1_URL,
  CREDENTIALS_V2_URL,
  DATA_INTEGRITY_V2_URL,
  ED25519_2020_URL,
  RADCRED_CONTEXT_URL,
} from '../contexts.ts';
import { radcredTypeNames } from '../registry.ts';

/**
 * Documents shaped like everything RadCred signs and verifies — credentials of each type, status
 * list credentials, presentations with embedded signed credentials, proof-options documents —
 * under each context list RadCred uses. Walking them once processes every scoped context those
 * shapes reach, so real documents afterwards find their contexts ready. Values are placeholders:
 * contexts depend on keys and types, never on values.
 */

type Json = Record<string, unknown>;

const DID = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
const VM = `${DID}#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK`;

const CONTEXT_LISTS: readonly (readonly string[])[] = [
  [CREDENTIALS_V2_URL],
  [CREDENTIALS_V2_URL, RADCRED_CONTEXT_URL],
  [CREDENTIALS_V2_URL, RADCRED_CONTEXT_URL, ED25519_2020_URL],
  [CREDENTIALS_V2_URL, ED25519_2020_URL],
  [CREDENTIALS_V2_URL, ED25519_2020_URL, RADCRED_CONTEXT_URL],
  [CREDENTIALS_V2_URL, RADCRED_CONTEXT_URL, DATA_INTEGRITY_V2_URL],
  [CREDENTIALS_V1_URL, RADCRED_CONTEXT_URL],
  [CREDENTIALS_V1_URL, RADCRED_CONTEXT_URL, ED25519_2020_URL],
  [CREDENTIALS_V1_URL, ED25519_2020_URL],
];

interface Vocabulary {
  readonly v2: boolean;
  readonly radcred: boolean;
  readonly ed25519: boolean;
  readonly dataIntegrity: boolean;
}

function vocabularyOf(context: readonly string[]): Vocabulary {
  return {
    v2: context[0] === CREDENTIALS_V2_URL,
    radcred: context.includes(RADCRED_CONTEXT_URL),
    ed25519: context.includes(ED25519_2020_URL),
    dataIntegrity: context[0] === CREDENTIALS_V2_URL || context.includes(DATA_INTEGRITY_V2_URL),
  };
}

type ProofType = 'Ed25519Signature2020' | 'DataIntegrityProof';

function proofTypes(vocabulary: Vocabulary): ProofType[] {
  return [
    ...(vocabulary.ed25519 ? (['Ed25519Signature2020'] as const) : []),
    ...(vocabulary.dataIntegrity ? (['DataIntegrityProof'] as const) : []),
  ];
}

function proofOptions(type: ProofType, purpose: string): Json {
  return {
    type,
    ...(type === 'DataIntegrityProof' ? { cryptosuite: 'eddsa-rdfc-2022' } : {}),
    created: '2025-01-01T00:00:00Z',
    verificationMethod: VM,
    proofPurpose: purpose,
    challenge: 'c',
    domain: 'd',
    nonce: 'n',
  };
}

function proofsFor(vocabulary: Vocabulary): Json {
  const list = proofTypes(vocabulary).map((type) => ({ ...proofOptions(type, 'assertionMethod'), proofValue: 'z1' }));
  return list.length === 0 ? {} : { proof: list };
}

function credential(context: readonly string[], type: string, subject: Json): Json {
  const vocabulary = vocabularyOf(context);
  return {
    '@context': context,
    id: 'urn:uuid:00000000-0000-4000-8000-000000000000',
    type: ['VerifiableCredential', type],
    issuer: { id: DID, name: 'n' },
    ...(vocabulary.v2
      ? {
          validFrom: '2025-01-01T00:00:00Z',
          validUntil: '2026-01-01T00:00:00Z',
          credentialStatus: [
            {
              id: 'https://issuer.example/status/1#1',
              type: 'BitstringStatusListEntry',
              statusPurpose: 'revocation',
              statusListIndex: '1',
              statusListCredential: 'https://issuer.example/status/1',
            },
          ],
        }
      : { issuanceDate: '2025-01-01T00:00:00Z', expirationDate: '2026-01-01T00:00:00Z' }),
    credentialSubject: subject,
    ...proofsFor(vocabulary),
  };
}

function radcredCredentials(context: readonly string[]): Json[] {
  if (!vocabularyOf(context).radcred) return [];
  const subject = { id: DID, name: 'n', npi: '1', restrictions: ['r'], interstateCompact: false, credits: 1.5 };
  return radcredTypeNames.map((type) => credential(context, type, subject));
}

export function warmUpDocuments(): Json[] {
  const documents: Json[] = [];
  for (const context of CONTEXT_LISTS) {
    const vocabulary = vocabularyOf(context);
    // A presentation embeds credentials of its own data model version.
    const embeddable = CONTEXT_LISTS.filter((inner) => inner[0] === context[0]).flatMap(radcredCredentials);
    documents.push(...radcredCredentials(context));
    if (vocabulary.v2) {
      documents.push(
        credential(context, 'BitstringStatusListCredential', {
          id: 'https://issuer.example/status/1#list',
          type: 'BitstringStatusList',
          encodedList: 'u',
          statusPurpose: 'revocation',
        }),
      );
    }
    documents.push({
      '@context': context,
      type: ['VerifiablePresentation'],
      holder: DID,
      verifiableCredential: embeddable,
      ...proofsFor(vocabulary),
    });
    for (const type of proofTypes(vocabulary)) {
      for (const purpose of ['assertionMethod', 'authentication']) documents.push({ '@context': context, ...proofOptions(type, purpose) });
    }
  }
  return documents;
}
