/** Minimal types for @digitalbazaar/vc-bitstring-status-list 2.0 (checked against its lib/ sources). */
declare module '@digitalbazaar/vc-bitstring-status-list' {
  export class BitstringStatusList {
    /** `buffer` is used as the list's own storage: pass a Uint8Array that owns its whole ArrayBuffer. */
    constructor(options: { length: number } | { buffer: Uint8Array });
    readonly length: number;
    readonly bitstring: { readonly bits: Uint8Array };
    setStatus(index: number, status: boolean): void;
    getStatus(index: number): boolean;
    /** Multibase base64url (`u…`) of the GZIP-compressed bitstring. */
    encode(): Promise<string>;
    static decode(options: { encodedList: string }): Promise<BitstringStatusList>;
  }
  export function createList(options: { length: number }): Promise<BitstringStatusList>;
  export function decodeList(options: { encodedList: string }): Promise<BitstringStatusList>;
  /** An unsigned BitstringStatusListCredential (VC 2.0 context unless `context` says otherwise). */
  export function createCredential(options: {
    id: string;
    list: BitstringStatusList;
    statusPurpose: string;
    context?: string[];
  }): Promise<Record<string, unknown>>;
  /** Checks every BitstringStatusListEntry of a credential: loads, verifies and reads each list. */
  export function checkStatus(options: {
    credential: Record<string, unknown>;
    documentLoader: (url: string) => Promise<{ document: unknown }>;
    suite: object | object[];
    verifyBitstringStatusListCredential?: boolean;
    verifyMatchingIssuers?: boolean;
  }): Promise<{
    verified: boolean;
    error?: unknown;
    results?: Array<{ verified: boolean; status: boolean; credentialStatus: Record<string, unknown> }>;
  }>;
}
