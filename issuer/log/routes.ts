import type { Router } from '@koa/router';
import type { Context } from 'koa';
import { HttpProblem } from '../../core/http/problem.ts';
import {
  encodeBase64,
  encodeEntryBundle,
  encodeTile,
  LogError,
  parseTilePath,
  TILE_HEIGHT,
  TILE_WIDTH,
  tileWidthAt,
  UINT64_MAX,
  type TileRef,
} from '../../core/log/index.ts';
import type { CredentialLog } from './credentialLog.ts';
import type { LogDb } from './logDatabase.ts';
import { consistencyProofFromStore, inclusionProofFromStore } from './logProofs.ts';
import { entriesByLeafHash, entryRange, latestCheckpoint, nodeRange } from './logStore.ts';

/**
 * The log's public HTTP API (DESIGN §4): checkpoint, C2SP tiles and entry bundles, inclusion and
 * consistency proofs, receipts and the verifier key. Everything is a GET that writes nothing; bad
 * input is 400 and anything not (yet) in the tree 404, as problem+json with a `code`.
 */

const IMMUTABLE = 'public, max-age=31536000, immutable';
const PARTIAL_TILE = 'public, max-age=10';
const CHANGES = 'no-cache';
const TEXT = 'text/plain; charset=utf-8';

function badRequest(code: string, detail: string): HttpProblem {
  return new HttpProblem({ status: 400, slug: 'bad-request', title: 'Bad request', detail, extensions: { code } });
}

function notFound(code: string, detail: string): HttpProblem {
  return new HttpProblem({ status: 404, slug: 'not-found', title: 'Not found', detail, extensions: { code } });
}

function singleParam(ctx: Context, name: string): string {
  const value = ctx.query[name];
  if (value === undefined) throw badRequest('log.request.malformed', `query parameter "${name}" is required`);
  if (Array.isArray(value)) throw badRequest('log.request.malformed', `query parameter "${name}" is given more than once`);
  return value;
}

/** A uint64 in canonical decimal: no sign, no leading zeroes, no exponent. */
function decimalParam(ctx: Context, name: string): bigint {
  const text = singleParam(ctx, name);
  if (!/^(?:0|[1-9][0-9]{0,19})$/.test(text) || BigInt(text) > UINT64_MAX) {
    throw badRequest('log.request.malformed', `"${name}" must be a non-negative decimal integer (uint64), got "${text.slice(0, 40)}"`);
  }
  return BigInt(text);
}

function hashParam(text: string, what: string): Uint8Array {
  if (!/^[0-9a-fA-F]{64}$/.test(text)) throw badRequest('log.request.malformed', `${what} must be 64 hex digits (a SHA-256), got "${text.slice(0, 80)}"`);
  return new Uint8Array(Buffer.from(text, 'hex'));
}

function jsonNumber(value: bigint): number {
  // Tree sizes of this log stay far below 2^53; refuse to round rather than answer wrong.
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`${value} does not fit a JSON number exactly`);
  return Number(value);
}

async function currentSize(db: LogDb): Promise<bigint> {
  return (await latestCheckpoint(db))?.size ?? 0n;
}

function assertWithinTree(size: bigint, treeSize: bigint, name: string): void {
  if (size > treeSize) throw badRequest('log.request.beyond_tree', `${name}=${size} is beyond the tree (size ${treeSize})`);
}

function parseTile(path: string): TileRef {
  try {
    return parseTilePath(path);
  } catch (error) {
    if (error instanceof LogError) throw badRequest(error.code, error.message);
    throw error;
  }
}

export function mountLogRoutes(router: Router, log: CredentialLog, db: LogDb): void {
  router.get('/log/checkpoint', async (ctx) => {
    const note = await log.latestCheckpoint();
    ctx.set('cache-control', CHANGES);
    ctx.set('access-control-allow-origin', '*');
    ctx.type = TEXT;
    ctx.body = note;
  });

  router.get('/log/key', (ctx) => {
    ctx.set('cache-control', 'public, max-age=86400');
    ctx.set('access-control-allow-origin', '*');
    ctx.type = TEXT;
    ctx.body = log.verifierKey;
  });

  router.get(/^\/log\/(tile\/.*)$/, async (ctx) => {
    const tile = parseTile(ctx.path.slice('/log/'.length));
    const treeSize = await currentSize(db);
    const available = tileWidthAt(tile.kind === 'entries' ? 0 : tile.level, tile.index, treeSize);
    if (available < tile.width) {
      const what = tile.kind === 'entries' ? 'entry bundle' : `tile at level ${tile.level}`;
      throw notFound('log.tile.not_found', `${what} ${tile.index} of width ${tile.width} is not in the tree of size ${treeSize}`);
    }
    const start = tile.index * BigInt(TILE_WIDTH);
    const body =
      tile.kind === 'entries'
        ? encodeEntryBundle(await entryRange(db, start, tile.width))
        : encodeTile(await nodeRange(db, tile.level * TILE_HEIGHT, start, tile.width));
    ctx.set('cache-control', tile.width === TILE_WIDTH ? IMMUTABLE : PARTIAL_TILE);
    ctx.set('access-control-allow-origin', '*');
    ctx.type = 'application/octet-stream';
    ctx.body = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  });

  router.get('/log/proof/inclusion', async (ctx) => {
    const hash = hashParam(singleParam(ctx, 'hash'), 'hash');
    const size = decimalParam(ctx, 'size');
    const treeSize = await currentSize(db);
    assertWithinTree(size, treeSize, 'size');
    const [entry] = await entriesByLeafHash(db, [hash]);
    if (entry === undefined) throw notFound('log.entry.unknown', 'no entry with this leaf hash is in the log');
    if (entry.leafIndex >= size) {
      throw badRequest('log.request.beyond_tree', `the entry has index ${entry.leafIndex}, not inside a tree of size ${size}`);
    }
    const proof = await inclusionProofFromStore(db, entry.leafIndex, size);
    ctx.set('cache-control', IMMUTABLE);
    ctx.set('access-control-allow-origin', '*');
    ctx.body = { index: jsonNumber(entry.leafIndex), treeSize: jsonNumber(size), proof: proof.map(encodeBase64) };
  });

  router.get('/log/proof/consistency', async (ctx) => {
    const from = decimalParam(ctx, 'from');
    const to = decimalParam(ctx, 'to');
    if (from > to) throw badRequest('log.request.malformed', `from=${from} is larger than to=${to}`);
    assertWithinTree(to, await currentSize(db), 'to');
    const proof = await consistencyProofFromStore(db, from, to);
    ctx.set('cache-control', IMMUTABLE);
    ctx.set('access-control-allow-origin', '*');
    ctx.body = { from: jsonNumber(from), to: jsonNumber(to), proof: proof.map(encodeBase64) };
  });

  router.get('/log/receipts/:credentialHash', async (ctx) => {
    const hex = ctx.params.credentialHash ?? '';
    hashParam(hex, 'the credential hash');
    const receipt = await log.receiptForCredential(hex.toLowerCase());
    if (receipt === undefined) throw notFound('log.entry.unknown', 'no issue entry for this credential hash is in the log');
    ctx.set('cache-control', CHANGES);
    ctx.set('access-control-allow-origin', '*');
    ctx.type = TEXT;
    ctx.body = receipt.proof;
  });
}
