import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * W3C Bitstring Status List v1.0 `encodedList`: multibase base64url (`u` prefix, no padding) of the
 * GZIP of the bitstring; index 0 is the left-most (most significant) bit of the first byte.
 * Decompression is capped so that a tiny hostile list cannot expand into gigabytes.
 */
export const MAX_DECODED_LIST_BYTES = 4 * 1024 * 1024;

export type DecodedList = { readonly ok: true; readonly bits: Uint8Array } | { readonly ok: false; readonly reason: string };

export function decodeEncodedList(encodedList: unknown): DecodedList {
  if (typeof encodedList !== 'string' || encodedList.length < 2) return { ok: false, reason: 'encodedList is not a string' };
  if (encodedList[0] !== 'u') return { ok: false, reason: 'encodedList must be multibase base64url (start with "u")' };
  const body = encodedList.slice(1);
  if (!/^[A-Za-z0-9_-]+$/.test(body)) return { ok: false, reason: 'encodedList is not base64url' };
  let bits: Buffer;
  try {
    bits = gunzipSync(Buffer.from(body, 'base64url'), { maxOutputLength: MAX_DECODED_LIST_BYTES });
  } catch (error) {
    return { ok: false, reason: `encodedList does not decompress: ${(error as Error).message}` };
  }
  return { ok: true, bits: new Uint8Array(bits.buffer, bits.byteOffset, bits.byteLength) };
}

/** The bit at `index` (left-to-right), or undefined past the end of the list. */
export function bitAt(bits: Uint8Array, index: number): boolean | undefined {
  if (!Number.isSafeInteger(index) || index < 0) return undefined;
  const byte = bits[Math.floor(index / 8)];
  if (byte === undefined) return undefined;
  return ((byte >> (7 - (index % 8))) & 1) === 1;
}

/** Encodes bits the same way (tests and tools). */
export function encodeList(bits: Uint8Array): string {
  return `u${gzipSync(bits).toString('base64url')}`;
}
