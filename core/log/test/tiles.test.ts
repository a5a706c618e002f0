import test from 'ava';
import fc from 'fast-check';
import {
  decodeEntryBundle,
  decodeTile,
  encodeEntryBundle,
  encodeTile,
  formatTileIndex,
  formatTilePath,
  leafHash,
  LogError,
  MemoryTree,
  parseTilePath,
  tileLeafRange,
  tileNodes,
  tilesForTreeSize,
  tileWidthAt,
  type TileRef,
} from '../index.ts';
import { vectors } from './tlogVectors.ts';

test('tile index path components from the vectors', (t) => {
  let count = 0;
  for (const example of vectors.tile_paths.examples) {
    if ('path_component' in example) {
      t.is(formatTileIndex(BigInt(example.index)), example.path_component);
      count += 1;
    }
  }
  t.is(count, 4);
});

test('tiles per tree size match the spec examples (70,000 and 256)', (t) => {
  let count = 0;
  for (const example of vectors.tile_paths.examples) {
    if (!('tree_size' in example)) continue;
    const got = tilesForTreeSize(BigInt(example.tree_size));
    t.deepEqual(
      got,
      example.tiles.map((tile) => ({ level: tile.level, fullTiles: BigInt(tile.full_tiles), partialWidth: tile.partial_width, partialPath: tile.partial_path })),
    );
    count += 1;
  }
  t.is(count, 2);
  t.deepEqual(tilesForTreeSize(0n), []);
});

test('tileWidthAt agrees with tilesForTreeSize', (t) => {
  t.is(tileWidthAt(0, 272n, 70000n), 256);
  t.is(tileWidthAt(0, 273n, 70000n), 112);
  t.is(tileWidthAt(0, 274n, 70000n), 0);
  t.is(tileWidthAt(1, 1n, 70000n), 17);
  t.is(tileWidthAt(2, 0n, 70000n), 1);
  t.is(tileWidthAt(3, 0n, 70000n), 0);
});

test('paths format and parse: hash tiles and entry bundles, full and partial', (t) => {
  const cases: Array<[TileRef, string]> = [
    [{ kind: 'hash', level: 0, index: 1234067n, width: 256 }, 'tile/0/x001/x234/067'],
    [{ kind: 'hash', level: 1, index: 1n, width: 17 }, 'tile/1/001.p/17'],
    [{ kind: 'hash', level: 63, index: 0n, width: 255 }, 'tile/63/000.p/255'],
    [{ kind: 'entries', level: 0, index: 273n, width: 112 }, 'tile/entries/273.p/112'],
    [{ kind: 'entries', level: 0, index: 1000n, width: 256 }, 'tile/entries/x001/000'],
  ];
  for (const [tile, path] of cases) {
    t.is(formatTilePath(tile), path);
    t.deepEqual(parseTilePath(path), tile);
  }
});

test('malformed tile paths are rejected with log.tile.malformed_path', (t) => {
  const bad = [
    'tile/0/1', 'tile/0/0001', 'tile/00/000', 'tile/01/000', 'tile/64/000', 'tile/0/x000/001', 'tile/0/001/x234',
    'tile/0/x001', 'tile/0/000.p/0', 'tile/0/000.p/256', 'tile/0/000.p/012', 'tile/0/000.p/', 'tile/0/000.p', 'tile/0/000/',
    '/tile/0/000', 'tile/data/000', 'tile/entries/1/000', 'tile/8/0/000', 'tile/-1/000', 'tile/0/abc', 'tile/0/X001/000', 'tile/0/x1000/000',
  ];
  for (const path of bad) {
    const error = t.throws(() => parseTilePath(path), { instanceOf: LogError }, path);
    t.is(error?.code, 'log.tile.malformed_path', path);
  }
});

test('property: tile path format → parse round-trips', (t) => {
  const tileArb = fc.record({
    kind: fc.constantFrom('hash' as const, 'entries' as const),
    level: fc.integer({ min: 0, max: 63 }),
    index: fc.bigInt({ min: 0n, max: (1n << 56n) - 1n }),
    width: fc.integer({ min: 1, max: 256 }),
  }).map((tile) => (tile.kind === 'entries' ? { ...tile, level: 0 } : tile));
  fc.assert(fc.property(tileArb, (tile) => {
    const path = formatTilePath(tile);
    t.deepEqual(parseTilePath(path), tile);
  }), { numRuns: 300 });
});

test('tile bytes are the hashes of stored nodes at level 8·L; entry bundles are uint16-length framed', (t) => {
  const entries = Array.from({ length: 600 }, (_, i) => new TextEncoder().encode(`entry ${i}`));
  const tree = MemoryTree.fromEntries(entries);
  const partial: TileRef = { kind: 'hash', level: 0, index: 2n, width: 88 };
  const bytes = encodeTile(tileNodes(partial).map((n) => tree.getNodeSync(n.level, n.index)));
  t.is(bytes.length, 88 * 32);
  t.deepEqual(decodeTile(bytes, 88)[0], leafHash(entries[512]!));
  const level1: TileRef = { kind: 'hash', level: 1, index: 0n, width: 2 };
  t.deepEqual(tileNodes(level1), [{ level: 8, index: 0n }, { level: 8, index: 1n }]);
  t.deepEqual(tree.getNodeSync(8, 0n), tree.root(256n));
  t.deepEqual(tileLeafRange(level1), { start: 0n, end: 512n });
  t.deepEqual(tileLeafRange(partial), { start: 512n, end: 600n });

  const bundle = encodeEntryBundle(entries.slice(512));
  t.deepEqual(Array.from(bundle.subarray(0, 2)), [0, 9]);
  t.deepEqual(decodeEntryBundle(bundle), entries.slice(512));
  t.is(t.throws(() => encodeEntryBundle([new Uint8Array(65536)]), { instanceOf: LogError })?.code, 'log.tile.malformed');
  t.notThrows(() => encodeEntryBundle([new Uint8Array(65535)]));
  t.is(t.throws(() => decodeEntryBundle(bundle.subarray(0, bundle.length - 1)), { instanceOf: LogError })?.code, 'log.tile.malformed');
  t.is(t.throws(() => decodeTile(new Uint8Array(33)), { instanceOf: LogError })?.code, 'log.tile.malformed');
  t.is(t.throws(() => encodeTile([]), { instanceOf: LogError })?.code, 'log.tile.malformed');
});
