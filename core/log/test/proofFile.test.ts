import test from 'ava';
import { ed25519NoteSigner, leafHash, LogError, MemoryTree, parseTlogProof, signCheckpoint, verifierFromKey, verifyTlogProof, formatTlogProof } from '../index.ts';
import { hex, vectors } from './tlogVectors.ts';

const f = vectors.end_to_end_fixture;
const file = f.tlog_proof_index_5;
const log = verifierFromKey(f.log_vkey);
const leaf5 = leafHash(hex(f.leaves_hex[5]!));

function codeOf(t: { throws: (fn: () => unknown, e?: object) => Error | undefined }, fn: () => unknown): string | undefined {
  return (t.throws(fn, { instanceOf: LogError }) as LogError | undefined)?.code;
}

test('the fixture parses into extra, index, audit path and the verbatim signed checkpoint', (t) => {
  const proof = parseTlogProof(file);
  t.is(new TextDecoder().decode(proof.extra), 'urn:example:credential:5');
  t.is(proof.index, 5n);
  t.is(proof.proof.length, 3);
  t.is(proof.checkpoint, f.checkpoint_8_cosigned);
});

test('verification fails with a coded error for the wrong leaf, index, key or a tampered path', (t) => {
  t.is(codeOf(t, () => verifyTlogProof(file, leafHash(hex(f.leaves_hex[4]!)), { log })), 'log.proof.root_mismatch');
  t.is(codeOf(t, () => verifyTlogProof(file.replace('index 5', 'index 4'), leaf5, { log })), 'log.proof.root_mismatch');
  t.is(codeOf(t, () => verifyTlogProof(file.replace('index 5', 'index 8'), leaf5, { log })), 'log.proof.index_out_of_range');
  const other = verifierFromKey(ed25519NoteSigner(f.origin, new Uint8Array(32).fill(1)).verifierKey);
  t.is(codeOf(t, () => verifyTlogProof(file, leaf5, { log: other })), 'log.note.unverified');
  t.is(codeOf(t, () => verifyTlogProof(file.replace('vBoGQ7Eu', 'vBoGQ7Ev'), leaf5, { log })), 'log.proof.root_mismatch');
  const proofLines = file.split('\n');
  proofLines.splice(3, 1); // drop one audit path hash
  t.is(codeOf(t, () => verifyTlogProof(proofLines.join('\n'), leaf5, { log })), 'log.proof.malformed');
  t.is(codeOf(t, () => verifyTlogProof(file.replace('\n8\n', '\n9\n'), leaf5, { log })), 'log.note.bad_signature');
});

test('a proof without extra data formats without the extra line and verifies', (t) => {
  const signer = ed25519NoteSigner('radcred.localhost/log', new Uint8Array(32).fill(4));
  const tree = MemoryTree.fromEntries([new Uint8Array([1]), new Uint8Array([2]), new Uint8Array([3])]);
  const checkpoint = signCheckpoint({ origin: 'radcred.localhost/log', size: 3n, root: tree.root(), extensions: [] }, [signer]);
  const text = formatTlogProof({ index: 2n, proof: tree.inclusionProof(2n), checkpoint });
  t.is(text.split('\n')[1], 'index 2');
  const verified = verifyTlogProof(text, tree.getNodeSync(0, 2n), { log: verifierFromKey(signer.verifierKey) });
  t.is(verified.extra, undefined);
  t.is(verified.checkpoint.size, 3n);
  // A one-leaf tree has an empty audit path: the blank line follows the index directly.
  const single = MemoryTree.fromEntries([new Uint8Array([9])]);
  const cp1 = signCheckpoint({ origin: 'radcred.localhost/log', size: 1n, root: single.root(), extensions: [] }, [signer]);
  const text1 = formatTlogProof({ index: 0n, proof: [], checkpoint: cp1 });
  t.true(text1.startsWith('c2sp.org/tlog-proof@v1\nindex 0\n\n'));
  t.notThrows(() => verifyTlogProof(text1, single.getNodeSync(0, 0n), { log: verifierFromKey(signer.verifierKey) }));
});

test('malformed tlog-proof files are log.proof_file.malformed', (t) => {
  const bad = [
    file.replace('c2sp.org/tlog-proof@v1', 'c2sp.org/tlog-proof@v2'),
    file.replace('index 5', 'index 05'),
    file.replace('index 5', 'index -5'),
    file.replace('index 5', 'idx 5'),
    file.replace('extra dXJu', 'extra *XJu'),
    file.replace('extra dXJuOmV4YW1wbGU6Y3JlZGVudGlhbDo1\n', 'extra \n'),
    file.replace('vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=', 'vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZ'),
    file.slice(0, file.indexOf('\n\n')),
    file.slice(0, file.indexOf('\n\n') + 2),
  ];
  for (const text of bad) t.is(codeOf(t, () => parseTlogProof(text)), 'log.proof_file.malformed', text.slice(0, 60));
});
