import { credentialHash } from '../../core/log/index.ts';
import type { JsonObject } from './credentialSigning.ts';
import type { SignedRecord } from './signingMessages.ts';

/** What recording an issued credential needs from it: its JSON text and its log credentialHash. */
export function signedRecord(credential: JsonObject): SignedRecord {
  return { json: JSON.stringify(credential), credentialHash: credentialHash(credential) };
}
