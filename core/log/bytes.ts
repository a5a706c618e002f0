/** Small byte helpers shared by the log formats: strict base64, hex, big-endian integers. */

// Standard (RFC 4648 §4) padded base64; the padding bits are checked separately.
const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Whether the bits a padded final group leaves over are zero (RFC 4648 §3.5): with "==" the last
 * character before the padding carries 4 unused bits, with "=" it carries 2. Non-zero ones decode
 * to the same bytes as the canonical text, so they would give one byte string two encodings.
 */
function paddingBitsAreZero(text: string): boolean {
  if (!text.endsWith('=')) return true;
  const twoPads = text.endsWith('==');
  const value = BASE64_ALPHABET.indexOf(text.charAt(text.length - (twoPads ? 3 : 2)));
  return (value & (twoPads ? 0x0f : 0x03)) === 0;
}

/**
 * Decodes standard padded base64, or returns undefined. Node's decoder silently skips invalid
 * characters, so the alphabet and padding are checked first, and stray trailing bits are refused:
 * one byte string has exactly one accepted encoding (the one Node's encoder writes; tested).
 */
export function decodeBase64Strict(text: string): Uint8Array | undefined {
  if (!BASE64_PATTERN.test(text) || !paddingBitsAreZero(text)) return undefined;
  return new Uint8Array(Buffer.from(text, 'base64'));
}

export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

export function fromHex(hex: string): Uint8Array {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) throw new TypeError(`not an even-length hex string: ${hex.slice(0, 20)}`);
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export const UINT64_MAX = (1n << 64n) - 1n;

export function uint64BigEndian(value: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, value);
  return out;
}

export function readUint64BigEndian(bytes: Uint8Array, offset: number): bigint {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(offset);
}

export function readUint32BigEndian(bytes: Uint8Array, offset: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(offset);
}

export function uint32BigEndian(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value);
  return out;
}

/** Parses an ASCII decimal with no sign and no leading zeroes ("0" itself is allowed). */
export function parseCanonicalDecimal(text: string): bigint | undefined {
  if (!/^(?:0|[1-9][0-9]*)$/.test(text)) return undefined;
  return BigInt(text);
}

const utf8 = new TextEncoder();
export function utf8Bytes(text: string): Uint8Array {
  return utf8.encode(text);
}
