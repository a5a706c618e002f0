import test from 'ava';
import { LogProofError, MemoryTree, UINT64_MAX, verifyInclusion, type LogProofErrorCode } from '../index.ts';
import { b64, inclusionVectors, referenceLeaves } from './tlogVectors.ts';

test('all 134 inclusion vectors are loaded, with 2^64-1 indexes parsed exactly', (t) => {
  t.is(inclusionVectors.length, 134);
  const huge = inclusionVectors.filter((v) => v.index === UINT64_MAX);
  t.is(huge.length, 2);
  t.true(huge.every((v) => v.want_err));
});

const codes: LogProofErrorCode[] = ['log.proof.malformed', 'log.proof.index_out_of_range', 'log.proof.root_mismatch', 'log.proof.size'];

for (const [i, v] of inclusionVectors.entries()) {
  test(`inclusion #${i} ${v.desc} (${v.index}/${v.size}) ${v.want_err ? 'fails' : 'verifies'} [${v.source}]`, (t) => {
    const input = { leafHash: b64(v.leaf_hash_b64), index: v.index, treeSize: v.size, proof: v.proof_b64.map(b64), root: b64(v.root_b64) };
    if (v.want_err) {
      const error = t.throws(() => verifyInclusion(input), { instanceOf: LogProofError });
      t.true(error !== undefined && codes.includes(error.code), error?.code);
    } else {
      t.notThrows(() => verifyInclusion(input));
    }
  });
}

test('our generated audit paths equal every positive vector over the reference leaves', (t) => {
  const tree = MemoryTree.fromEntries(referenceLeaves);
  let checked = 0;
  for (const v of inclusionVectors) {
    if (v.want_err || v.leaf_hex === undefined) continue;
    const proof = tree.inclusionProof(v.index, v.size).map((h) => Buffer.from(h).toString('base64'));
    t.deepEqual(proof, v.proof_b64, `${v.index}/${v.size}`);
    checked += 1;
  }
  t.true(checked >= 36);
});

test('negative vectors fail for the stated reason', (t) => {
  const codeOf = (desc: string, index: bigint, size: bigint): string | undefined => {
    const v = inclusionVectors.find((x) => x.desc === desc && x.index === index && x.size === size);
    if (!v) return undefined;
    try {
      verifyInclusion({ leafHash: b64(v.leaf_hash_b64), index: v.index, treeSize: v.size, proof: v.proof_b64.map(b64), root: b64(v.root_b64) });
      return 'ok';
    } catch (error) {
      return (error as LogProofError).code;
    }
  };
  t.is(codeOf('leafIdx sub @1', UINT64_MAX, 8n), 'log.proof.index_out_of_range');
  t.is(codeOf('treeSize div @2', 0n, 0n), 'log.proof.index_out_of_range');
  t.is(codeOf('wrong leaf', 5n, 8n), 'log.proof.malformed'); // "WrongLeaf" is not 32 bytes
  t.is(codeOf('trailing garbage', 5n, 8n), 'log.proof.malformed');
  t.is(codeOf('inserted component', 5n, 8n), 'log.proof.malformed');
  t.is(codeOf('modified proof[1] bit @3', 5n, 8n), 'log.proof.root_mismatch');
  t.is(codeOf('empty root', 5n, 8n), 'log.proof.root_mismatch');
});
