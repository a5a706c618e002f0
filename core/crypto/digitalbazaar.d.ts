/**
 * Minimal types for the untyped @digitalbazaar JS packages (and base58-universal), covering what
 * RadCred calls. Checked against the sources in node_modules (vc 7.3, ed25519-signature-2020 5.4,
 * data-integrity 2.5, eddsa-rdfc-2022-cryptosuite 1.3).
 */

declare module 'base58-universal' {
  export function encode(input: Uint8Array, maxline?: number): string;
  /** Returns undefined when the input has a character outside the alphabet. */
  export function decode(input: string): Uint8Array | undefined;
}

declare module '@digitalbazaar/ed25519-signature-2020' {
  export interface SuiteSigner {
    readonly id: string;
    readonly algorithm?: string;
    sign(input: { data: Uint8Array }): Promise<Uint8Array>;
  }
  export interface SuiteVerifier {
    readonly id?: string;
    readonly algorithm?: string;
    verify(input: { data: Uint8Array; signature: Uint8Array }): Promise<boolean>;
  }
  export class Ed25519Signature2020 {
    constructor(options?: {
      signer?: SuiteSigner;
      verifier?: SuiteVerifier;
      date?: string | Date;
      proof?: Record<string, unknown>;
    });
    readonly type: 'Ed25519Signature2020';
    readonly contextUrl: string;
    verificationMethod?: string;
    date?: Date;
    signer?: SuiteSigner;
    verifier?: SuiteVerifier;
    verifySignature(input: {
      verifyData: Uint8Array;
      verificationMethod: Record<string, unknown>;
      proof: Record<string, unknown>;
    }): Promise<boolean>;
    /** Loads (documentLoader) and imports the proof's verification method. */
    getVerificationMethod(options: { proof: Record<string, unknown>; documentLoader: (url: string) => Promise<{ document: unknown }> }): Promise<Record<string, unknown>>;
    /** Canonical proof options (the proof minus its value, with the document's @context). */
    canonizeProof(proof: Record<string, unknown>, options: { document: Record<string, unknown>; documentLoader: unknown; expansionMap?: unknown }): Promise<string>;
    /** RDFC-1.0 N-Quads of a document or of proof options (jsonld-signatures LinkedDataSignature). */
    canonize(
      input: Record<string, unknown>,
      options: { documentLoader: (url: string) => Promise<unknown>; expansionMap?: unknown; skipExpansion?: boolean },
    ): Promise<string>;
    static readonly CONTEXT_URL: string;
    static readonly CONTEXT: Record<string, unknown>;
  }
}

declare module '@digitalbazaar/data-integrity' {
  import type { SuiteSigner, SuiteVerifier } from '@digitalbazaar/ed25519-signature-2020';
  export interface Cryptosuite {
    readonly name: string;
    readonly requiredAlgorithm: string | readonly string[];
    canonize(input: unknown, options: Record<string, unknown>): Promise<string>;
    createVerifier(input: { verificationMethod: Record<string, unknown> }): Promise<SuiteVerifier>;
  }
  export class DataIntegrityProof {
    constructor(options: { signer?: SuiteSigner; date?: string | Date | null; cryptosuite: Cryptosuite; legacyContext?: boolean });
    readonly type: 'DataIntegrityProof';
    readonly cryptosuite: string;
    readonly contextUrl: string;
    verificationMethod?: string;
    date?: Date | null;
  }
}

declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  import type { Cryptosuite } from '@digitalbazaar/data-integrity';
  export const cryptosuite: Cryptosuite;
}

declare module '@digitalbazaar/vc' {
  export interface RemoteDocument {
    contextUrl: string | null;
    documentUrl: string;
    document: unknown;
    tag?: string;
  }
  export type DocumentLoader = (url: string) => Promise<RemoteDocument>;
  /** A signature suite instance (Ed25519Signature2020, DataIntegrityProof, …); opaque to callers. */
  export type Suite = object;
  export type JsonLdObject = Record<string, unknown>;

  export interface ProofResult {
    verified: boolean;
    error?: unknown;
    proof?: JsonLdObject;
    verificationMethod?: JsonLdObject;
    purposeResult?: { valid: boolean; error?: unknown; controller?: JsonLdObject };
  }
  export interface VerifyCredentialResult {
    verified: boolean;
    results?: ProofResult[];
    error?: unknown;
    statusResult?: { verified: boolean; [key: string]: unknown };
  }
  export interface VerifyPresentationResult {
    verified: boolean;
    presentationResult?: { verified: boolean; results?: ProofResult[]; error?: unknown };
    credentialResults?: Array<VerifyCredentialResult & { credentialId?: string }>;
    error?: unknown;
  }
  export type CheckStatus = (options: { credential: JsonLdObject; documentLoader: DocumentLoader; suite: Suite | Suite[] }) =>
    Promise<{ verified: boolean; [key: string]: unknown }>;

  export class CredentialIssuancePurpose {
    constructor(options?: { controller?: JsonLdObject; date?: string | Date; maxTimestampDelta?: number });
  }

  export function issue(options: {
    credential: JsonLdObject;
    suite: Suite;
    documentLoader: DocumentLoader;
    purpose?: object;
    now?: string | Date;
    maxClockSkew?: number;
  }): Promise<JsonLdObject>;

  export function verifyCredential(options: {
    credential: JsonLdObject;
    suite: Suite | Suite[];
    documentLoader: DocumentLoader;
    purpose?: object;
    /** A controller document to use instead of dereferencing the verification method's controller. */
    controller?: JsonLdObject;
    checkStatus?: CheckStatus;
    now?: string | Date;
    maxClockSkew?: number;
  }): Promise<VerifyCredentialResult>;

  export function createPresentation(options?: {
    verifiableCredential?: JsonLdObject | JsonLdObject[];
    id?: string;
    holder?: string;
    now?: string | Date;
    version?: 1 | 2;
  }): JsonLdObject;

  export function signPresentation(options: {
    presentation: JsonLdObject;
    suite: Suite;
    documentLoader: DocumentLoader;
    challenge: string;
    domain?: string;
    purpose?: object;
  }): Promise<JsonLdObject>;

  export function verify(options: {
    presentation: JsonLdObject;
    suite: Suite | Suite[];
    documentLoader: DocumentLoader;
    challenge?: string;
    domain?: string;
    unsignedPresentation?: boolean;
    presentationPurpose?: object;
    controller?: JsonLdObject;
    checkStatus?: CheckStatus;
    now?: string | Date;
    maxClockSkew?: number;
  }): Promise<VerifyPresentationResult>;

  /** Throws when the presentation is not a well-formed VerifiablePresentation (contexts, type, dates). */
  export function _checkPresentation(presentation: JsonLdObject): void;
}

declare module '@digitalbazaar/ed25519-multikey' {
  export interface Ed25519MultikeyPair {
    readonly id?: string;
    readonly controller?: string;
    readonly publicKeyMultibase: string;
    readonly publicKey: Uint8Array;
    export(options?: { publicKey?: boolean; secretKey?: boolean; includeContext?: boolean }): Promise<Record<string, unknown>>;
    verifier(): { id?: string; algorithm: string; verify(input: { data: Uint8Array; signature: Uint8Array }): Promise<boolean> };
  }
  /** Imports a Multikey, Ed25519VerificationKey2018/2020 or JsonWebKey verification method. */
  export function from(key: object): Promise<Ed25519MultikeyPair>;
}

declare module '@digitalbazaar/ed25519-verification-key-2020' {
  export class Ed25519VerificationKey2020 {
    static from(options: { publicKeyMultibase: string; id?: string; controller?: string }): Promise<Ed25519VerificationKey2020>;
    readonly publicKeyMultibase: string;
  }
}

declare module '@digitalbazaar/did-method-key' {
  export interface DidKeyDriver {
    use(options: { multibaseMultikeyHeader: string; fromMultibase: (options: { publicKeyMultibase: string }) => Promise<unknown> }): void;
    /** A DID document for a DID, or one verification method (with its `@context`) for a key id. */
    get(options: { did?: string; url?: string }): Promise<Record<string, unknown>>;
  }
  export function driver(): DidKeyDriver;
}

declare module 'jsonld-signatures' {
  import type { DocumentLoader, Suite } from '@digitalbazaar/vc';
  export interface ProofPurpose {
    readonly term: string;
  }
  export interface VerifyResult {
    verified: boolean;
    results?: Array<{ verified: boolean; error?: unknown; proof?: Record<string, unknown> }>;
    error?: unknown;
  }
  /** A CommonJS module: its API is the default export. */
  const jsigs: {
    purposes: {
      AuthenticationProofPurpose: new (options: { challenge: string; domain?: string; controller?: Record<string, unknown> }) => ProofPurpose;
    };
    verify(
      document: Record<string, unknown>,
      options: { suite: Suite | Suite[]; purpose: ProofPurpose; documentLoader: DocumentLoader },
    ): Promise<VerifyResult>;
  };
  export default jsigs;
}
