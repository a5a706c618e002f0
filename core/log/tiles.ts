import { concatBytes, UINT64_MAX } from './bytes.ts';
import { LogError } from './errors.ts';
import { HASH_SIZE } from './hashing.ts';
import type { NodeId } from './treeShape.ts';

/**
 * C2SP tlog-tiles (https://c2sp.org/tlog-tiles): paths, which tiles a tree size has, tile bytes and
 * entry bundles. A tile at tile level L holds up to 256 consecutive hashes of Merkle level 8·L: in
 * this package's node model, tile (L, N) hash i is stored node (8·L, N·256 + i).
 */

export const TILE_WIDTH = 256;
export const TILE_HEIGHT = 8;
export const MAX_TILE_LEVEL = 63;
/** Entry bundles prefix each entry with a big-endian uint16 length. */
export const MAX_BUNDLE_ENTRY_BYTES = 0xffff;

export interface TileRef {
  /** 'hash' tiles live at tile/<L>/<N>; 'entries' bundles at tile/entries/<N>. */
  readonly kind: 'hash' | 'entries';
  /** Tile level; always 0 for entry bundles. */
  readonly level: number;
  readonly index: bigint;
  /** 1..256; 256 is a full tile (no .p/ suffix). */
  readonly width: number;
}

function pathError(path: string, why: string): LogError {
  return new LogError('log.tile.malformed_path', `bad tile path "${path.slice(0, 80)}": ${why}`);
}

/** N as zero-padded 3-digit groups, all but the last prefixed with x: 1234067 → x001/x234/067. */
export function formatTileIndex(index: bigint): string {
  if (typeof index !== 'bigint' || index < 0n) throw new LogError('log.tile.malformed', 'tile index must be a non-negative bigint');
  const groups: string[] = [];
  let rest = index;
  do {
    groups.unshift((rest % 1000n).toString().padStart(3, '0'));
    rest /= 1000n;
  } while (rest > 0n);
  return groups.map((group, i) => (i < groups.length - 1 ? `x${group}` : group)).join('/');
}

function assertTile(tile: TileRef): void {
  if (!Number.isInteger(tile.level) || tile.level < 0 || tile.level > MAX_TILE_LEVEL) {
    throw new LogError('log.tile.malformed', `tile level ${tile.level} is not in 0..${MAX_TILE_LEVEL}`);
  }
  if (tile.kind === 'entries' && tile.level !== 0) throw new LogError('log.tile.malformed', 'entry bundles have no level');
  if (!Number.isInteger(tile.width) || tile.width < 1 || tile.width > TILE_WIDTH) {
    throw new LogError('log.tile.malformed', `tile width ${tile.width} is not in 1..${TILE_WIDTH}`);
  }
}

/** `tile/<L>/<N>[.p/<W>]` or `tile/entries/<N>[.p/<W>]` (relative to the log prefix). */
export function formatTilePath(tile: TileRef): string {
  assertTile(tile);
  const partial = tile.width < TILE_WIDTH ? `.p/${tile.width}` : '';
  const head = tile.kind === 'entries' ? 'tile/entries' : `tile/${tile.level}`;
  return `${head}/${formatTileIndex(tile.index)}${partial}`;
}

/** Parses a tile path and accepts only its canonical spelling (format(parse(p)) === p). */
export function parseTilePath(path: string): TileRef {
  const match = /^tile\/(entries|[0-9]{1,2})\/((?:x[0-9]{3}\/)*[0-9]{3})(?:\.p\/([0-9]{1,3}))?$/.exec(path);
  if (match === null) throw pathError(path, 'expected tile/<L>/<N>[.p/<W>] or tile/entries/<N>[.p/<W>]');
  const [, levelText = '', indexText = '', widthText] = match;
  const kind = levelText === 'entries' ? 'entries' : 'hash';
  const level = kind === 'entries' ? 0 : Number(levelText);
  if (kind === 'hash' && (level > MAX_TILE_LEVEL || String(level) !== levelText)) {
    throw pathError(path, `level must be 0..${MAX_TILE_LEVEL} without leading zeroes`);
  }
  const index = indexText.split('/').reduce((acc, group) => acc * 1000n + BigInt(group.replace('x', '')), 0n);
  if (index > UINT64_MAX) throw pathError(path, 'tile index out of range');
  let width = TILE_WIDTH;
  if (widthText !== undefined) {
    width = Number(widthText);
    if (width < 1 || width >= TILE_WIDTH || String(width) !== widthText) {
      throw pathError(path, 'partial width must be 1..255 without leading zeroes');
    }
  }
  const tile: TileRef = { kind, level, index, width };
  // Rejects non-canonical index spellings such as x000/001 for 1.
  if (formatTilePath(tile) !== path) throw pathError(path, 'not the canonical spelling of its tile');
  return tile;
}

export interface LevelTiles {
  readonly level: number;
  /** Number of full tiles at this level. */
  readonly fullTiles: bigint;
  /** Width of the partial tile, 0 when there is none. */
  readonly partialWidth: number;
  readonly partialPath: string | null;
}

/** The tiles a tree of `size` has at each level (tlog-tiles: partial width = floor(s/256^l) mod 256). */
export function tilesForTreeSize(size: bigint): LevelTiles[] {
  if (typeof size !== 'bigint' || size < 0n || size > UINT64_MAX) throw new LogError('log.tile.malformed', 'tree size must be a uint64 bigint');
  const levels: LevelTiles[] = [];
  for (let level = 0; ; level += 1) {
    const hashes = size >> BigInt(TILE_HEIGHT * level);
    if (hashes === 0n) break;
    const fullTiles = hashes / BigInt(TILE_WIDTH);
    const partialWidth = Number(hashes % BigInt(TILE_WIDTH));
    const partialPath = partialWidth === 0 ? null : formatTilePath({ kind: 'hash', level, index: fullTiles, width: partialWidth });
    levels.push({ level, fullTiles, partialWidth, partialPath });
  }
  return levels;
}

/**
 * The width of tile (level, index) in a tree of `size`: 256 when full, less when it is the partial
 * tile, 0 when the tile does not exist (must not be served).
 */
export function tileWidthAt(level: number, index: bigint, size: bigint): number {
  const hashes = size >> BigInt(TILE_HEIGHT * level);
  const start = index * BigInt(TILE_WIDTH);
  if (hashes <= start) return 0;
  const available = hashes - start;
  return available >= BigInt(TILE_WIDTH) ? TILE_WIDTH : Number(available);
}

/** The stored nodes whose hashes make up a hash tile, in order. */
export function tileNodes(tile: TileRef): NodeId[] {
  assertTile(tile);
  if (tile.kind !== 'hash') throw new LogError('log.tile.malformed', 'entry bundles hold entries, not nodes');
  const first = tile.index * BigInt(TILE_WIDTH);
  return Array.from({ length: tile.width }, (_, i) => ({ level: TILE_HEIGHT * tile.level, index: first + BigInt(i) }));
}

/** The leaf indexes an entry bundle (or level-0 tile) covers: [start, start + width). */
export function tileLeafRange(tile: TileRef): { readonly start: bigint; readonly end: bigint } {
  assertTile(tile);
  const start = tile.index * BigInt(TILE_WIDTH) << BigInt(TILE_HEIGHT * tile.level);
  return { start, end: start + (BigInt(tile.width) << BigInt(TILE_HEIGHT * tile.level)) };
}

/** A hash tile's bytes: its 1..256 hashes concatenated. */
export function encodeTile(hashes: readonly Uint8Array[]): Uint8Array {
  if (hashes.length < 1 || hashes.length > TILE_WIDTH) throw new LogError('log.tile.malformed', `a tile holds 1..${TILE_WIDTH} hashes, got ${hashes.length}`);
  hashes.forEach((hash, i) => {
    if (!(hash instanceof Uint8Array) || hash.length !== HASH_SIZE) throw new LogError('log.tile.malformed', `tile hash ${i} is not ${HASH_SIZE} bytes`);
  });
  return concatBytes(...hashes);
}

export function decodeTile(bytes: Uint8Array, expectedWidth?: number): Uint8Array[] {
  if (bytes.length === 0 || bytes.length % HASH_SIZE !== 0 || bytes.length > TILE_WIDTH * HASH_SIZE) {
    throw new LogError('log.tile.malformed', `a tile is 1..${TILE_WIDTH} hashes of ${HASH_SIZE} bytes, got ${bytes.length} bytes`);
  }
  const width = bytes.length / HASH_SIZE;
  if (expectedWidth !== undefined && width !== expectedWidth) throw new LogError('log.tile.malformed', `tile has ${width} hashes, want ${expectedWidth}`);
  return Array.from({ length: width }, (_, i) => bytes.slice(i * HASH_SIZE, (i + 1) * HASH_SIZE));
}

/** An entry bundle: each entry as a big-endian uint16 length followed by its bytes. */
export function encodeEntryBundle(entries: readonly Uint8Array[]): Uint8Array {
  if (entries.length < 1 || entries.length > TILE_WIDTH) throw new LogError('log.tile.malformed', `a bundle holds 1..${TILE_WIDTH} entries, got ${entries.length}`);
  const parts: Uint8Array[] = [];
  entries.forEach((entry, i) => {
    if (entry.length > MAX_BUNDLE_ENTRY_BYTES) throw new LogError('log.tile.malformed', `entry ${i} is ${entry.length} bytes, over the ${MAX_BUNDLE_ENTRY_BYTES}-byte bundle limit`);
    parts.push(Uint8Array.of(entry.length >> 8, entry.length & 0xff), entry);
  });
  return concatBytes(...parts);
}

export function decodeEntryBundle(bytes: Uint8Array): Uint8Array[] {
  const entries: Uint8Array[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (offset + 2 > bytes.length) throw new LogError('log.tile.malformed', 'entry bundle ends inside a length prefix');
    const length = ((bytes[offset] as number) << 8) | (bytes[offset + 1] as number);
    offset += 2;
    if (offset + length > bytes.length) throw new LogError('log.tile.malformed', 'entry bundle ends inside an entry');
    entries.push(bytes.slice(offset, offset + length));
    offset += length;
    if (entries.length > TILE_WIDTH) throw new LogError('log.tile.malformed', `entry bundle holds more than ${TILE_WIDTH} entries`);
  }
  if (entries.length === 0) throw new LogError('log.tile.malformed', 'entry bundle is empty');
  return entries;
}
