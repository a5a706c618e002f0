import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import { contexts as statusListContexts } from '@digitalbazaar/vc-bitstring-status-list-context';
import didContext from 'did-context';
import ed25519Signature2020Context from 'ed25519-signature-2020-context';
import radcredContextJson from './contexts/radcred-v1.json' with { type: 'json' };

/**
 * The JSON-LD contexts RadCred resolves, bundled from the npm packages that publish them (no network,
 * ever: a fetched context could redefine terms under a signature). Documents are deep-frozen so no
 * caller can alter what the next verification sees.
 *
 * Not bundled on purpose: `https://w3id.org/security/multikey/v1` — our did:key documents use
 * Ed25519VerificationKey2020, which both Ed25519Signature2020 and eddsa-rdfc-2022 accept, and no
 * code path frames a verification method; the security v1/v2 contexts — only legacy framing needs them.
 */
export const CREDENTIALS_V1_URL = 'https://www.w3.org/2018/credentials/v1';
export const CREDENTIALS_V2_URL = 'https://www.w3.org/ns/credentials/v2';
export const ED25519_2020_URL = 'https://w3id.org/security/suites/ed25519-2020/v1';
export const DATA_INTEGRITY_V1_URL = 'https://w3id.org/security/data-integrity/v1';
export const DATA_INTEGRITY_V2_URL = 'https://w3id.org/security/data-integrity/v2';
export const BITSTRING_STATUS_LIST_URL = 'https://www.w3.org/ns/credentials/status/v1';
export const DID_V1_URL = 'https://www.w3.org/ns/did/v1';
export const RADCRED_CONTEXT_URL = 'https://w3id.org/radcred/v1';

type JsonObject = Record<string, unknown>;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function fromPackage(map: ReadonlyMap<string, JsonObject>, url: string): JsonObject {
  const document = map.get(url);
  if (!document) throw new Error(`the installed context package does not provide ${url}`);
  // Our own copy: freezing must not reach into objects the packages' other users hold.
  return deepFreeze(structuredClone(document));
}

/** The RadCred context document, served by the issuer at GET /contexts/v1. */
export const radcredContext: Readonly<JsonObject> = deepFreeze(structuredClone(radcredContextJson) as JsonObject);

/** Every bundled context, keyed by its URL. */
export const bundledContexts: ReadonlyMap<string, Readonly<JsonObject>> = new Map<string, Readonly<JsonObject>>([
  [CREDENTIALS_V1_URL, fromPackage(credentialsContexts, CREDENTIALS_V1_URL)],
  [CREDENTIALS_V2_URL, fromPackage(credentialsContexts, CREDENTIALS_V2_URL)],
  [ED25519_2020_URL, fromPackage(ed25519Signature2020Context.contexts, ED25519_2020_URL)],
  [DATA_INTEGRITY_V1_URL, fromPackage(dataIntegrityContext.contexts, DATA_INTEGRITY_V1_URL)],
  [DATA_INTEGRITY_V2_URL, fromPackage(dataIntegrityContext.contexts, DATA_INTEGRITY_V2_URL)],
  [BITSTRING_STATUS_LIST_URL, fromPackage(statusListContexts, BITSTRING_STATUS_LIST_URL)],
  [DID_V1_URL, fromPackage(didContext.contexts, DID_V1_URL)],
  [RADCRED_CONTEXT_URL, radcredContext],
]);
