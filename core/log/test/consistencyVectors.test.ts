import test from 'ava';
import { emptyRoot, LogProofError, MemoryTree, verifyConsistency } from '../index.ts';
import { b64, consistencyVectors, referenceLeaves } from './tlogVectors.ts';

test('all 134 consistency vectors are loaded; exactly one is flagged strict_reject', (t) => {
  t.is(consistencyVectors.length, 134);
  t.is(consistencyVectors.filter((v) => v.strict_reject).length, 1);
});

for (const [i, v] of consistencyVectors.entries()) {
  const expectError = v.want_err || v.strict_reject === true;
  test(`consistency #${i} ${v.desc} (${v.size1}->${v.size2}) ${expectError ? 'fails' : 'verifies'} [${v.source}]`, (t) => {
    const input = { size1: v.size1, size2: v.size2, root1: b64(v.root1_b64), root2: b64(v.root2_b64), proof: v.proof_b64.map(b64) };
    if (v.strict_reject) {
      // transparency-dev/merkle accepts equal 12-byte "roots"; we require 32-byte hashes.
      t.false(v.want_err);
      const error = t.throws(() => verifyConsistency(input), { instanceOf: LogProofError });
      t.is(error?.code, 'log.proof.malformed');
      return;
    }
    if (v.want_err) {
      t.throws(() => verifyConsistency(input), { instanceOf: LogProofError });
      t.throws(() => verifyConsistency({ ...input, oldSizeZero: 'accept' }), { instanceOf: LogProofError }, 'also fails in witness mode');
    } else {
      t.notThrows(() => verifyConsistency(input));
      t.notThrows(() => verifyConsistency({ ...input, oldSizeZero: 'accept' }));
    }
  });
}

test('our generated consistency proofs equal every derived positive vector', (t) => {
  const tree = MemoryTree.fromEntries(referenceLeaves);
  let checked = 0;
  for (const v of consistencyVectors) {
    if (v.want_err || !(v.source.startsWith('derived') || v.source.startsWith('merkle_proofgen'))) continue;
    const proof = tree.consistencyProof(v.size1, v.size2).map((h) => Buffer.from(h).toString('base64'));
    t.deepEqual(proof, v.proof_b64, `${v.size1}->${v.size2}`);
    checked += 1;
  }
  t.true(checked >= 36);
});

test('old size 0: rejected by default, accepted as the C2SP witness variant only with empty proof and SHA-256("")', (t) => {
  const tree = MemoryTree.fromEntries(referenceLeaves);
  const root8 = tree.root(8n);
  const base = { size1: 0n, size2: 8n, root1: emptyRoot(), root2: root8, proof: [] as Uint8Array[] };
  t.is(t.throws(() => verifyConsistency(base), { instanceOf: LogProofError })?.code, 'log.proof.size');
  t.notThrows(() => verifyConsistency({ ...base, oldSizeZero: 'accept' }));
  t.notThrows(() => verifyConsistency({ ...base, size2: 0n, root2: emptyRoot(), oldSizeZero: 'accept' }));
  const codeOf = (fn: () => void): string | undefined => t.throws(fn, { instanceOf: LogProofError })?.code;
  t.is(codeOf(() => verifyConsistency({ ...base, root1: root8, oldSizeZero: 'accept' })), 'log.proof.root_mismatch');
  t.is(codeOf(() => verifyConsistency({ ...base, proof: [root8], oldSizeZero: 'accept' })), 'log.proof.malformed');
  t.is(codeOf(() => verifyConsistency({ ...base, size2: 0n, oldSizeZero: 'accept' })), 'log.proof.root_mismatch');
});

test('size1 > size2 and sizes beyond uint64 are size errors', (t) => {
  const r = emptyRoot();
  const codeOf = (fn: () => void): string | undefined => t.throws(fn, { instanceOf: LogProofError })?.code;
  t.is(codeOf(() => verifyConsistency({ size1: 3n, size2: 2n, root1: r, root2: r, proof: [] })), 'log.proof.size');
  t.is(codeOf(() => verifyConsistency({ size1: 1n, size2: 1n << 64n, root1: r, root2: r, proof: [] })), 'log.proof.size');
});
