import { createHash } from 'node:crypto';
import test from 'ava';
import {
  addSignatures,
  cosignatureMessage,
  cosignatureV1Signer,
  ed25519NoteSigner,
  emptyRoot,
  formatSignerKey,
  formatTlogProof,
  hex8,
  leafHash,
  LogError,
  MemoryTree,
  openCheckpoint,
  openNote,
  parseTlogProof,
  signCheckpoint,
  toHex,
  verifierFromKey,
  verifyConsistency,
  verifyInclusion,
  verifyTlogProof,
} from '../index.ts';
import { b64, hex, vectors } from './tlogVectors.ts';

const f = vectors.end_to_end_fixture;
const logSeed = createHash('sha256').update('tlog fixture seed: log').digest();
const witnessSeed = createHash('sha256').update('tlog fixture seed: witness').digest();
const logSigner = ed25519NoteSigner(f.origin, logSeed);
const witnessSigner = cosignatureV1Signer(f.witness_name, witnessSeed, () => BigInt(f.witness_timestamp));
const logVerifier = verifierFromKey(f.log_vkey);
const witnessVerifier = verifierFromKey(f.witness_vkey_cosignature_v1);
const tree = MemoryTree.fromEntries(f.leaves_hex.map(hex));

test('the log key derives from its seed rule: seed, public key, key ID, vkey and skey strings', (t) => {
  t.is(logSeed.toString('hex'), f.log_seed_hex);
  t.is(toHex(logSigner.publicKey), f.log_public_key_hex);
  t.is(hex8(logSigner.keyId), f.log_key_id_hex);
  t.is(logSigner.verifierKey, f.log_vkey);
  t.is(formatSignerKey(f.origin, logSeed), f.log_skey);
  t.is(witnessSeed.toString('hex'), f.witness_seed_hex);
  t.is(toHex(witnessSigner.publicKey), f.witness_public_key_hex);
  t.is(witnessSigner.verifierKey, f.witness_vkey_cosignature_v1);
});

test('our signer reproduces checkpoint_7_signed and checkpoint_8_signed byte for byte', (t) => {
  t.is(Buffer.from(tree.root(7n)).toString('base64'), f.root_7_b64);
  t.is(Buffer.from(tree.root(8n)).toString('base64'), f.root_8_b64);
  t.is(signCheckpoint({ origin: f.origin, size: 7n, root: tree.root(7n), extensions: [] }, [logSigner]), f.checkpoint_7_signed);
  t.is(signCheckpoint({ origin: f.origin, size: 8n, root: tree.root(8n), extensions: [] }, [logSigner]), f.checkpoint_8_signed);
});

test('the witness cosigns over the published message and reproduces the cosigned checkpoints', (t) => {
  const text = new TextEncoder().encode(f.checkpoint_8_signed.slice(0, f.checkpoint_8_signed.indexOf('\n\n') + 1));
  t.is(new TextDecoder().decode(cosignatureMessage(text, BigInt(f.witness_timestamp))), f.witness_signed_message);
  t.is(addSignatures(f.checkpoint_8_signed, [witnessSigner]), f.checkpoint_8_cosigned);
  t.is(addSignatures(f.checkpoint_7_signed, [witnessSigner]), f.checkpoint_7_cosigned);
  t.true(f.checkpoint_8_cosigned.endsWith(f.checkpoint_8_witness_line));
});

test('signed and cosigned checkpoints open with the pinned keys; witness lines verify with their timestamp', (t) => {
  for (const [note, size, root] of [
    [f.checkpoint_7_signed, 7n, f.root_7_b64],
    [f.checkpoint_8_signed, 8n, f.root_8_b64],
  ] as const) {
    const opened = openCheckpoint(note, { log: logVerifier });
    t.is(opened.checkpoint.size, size);
    t.is(Buffer.from(opened.checkpoint.root).toString('base64'), root);
  }
  for (const note of [f.checkpoint_7_cosigned, f.checkpoint_8_cosigned]) {
    const opened = openCheckpoint(note, { log: logVerifier, witnesses: [witnessVerifier] });
    t.deepEqual(opened.cosignatures, [{ name: f.witness_name, keyId: witnessVerifier.keyId, timestamp: BigInt(f.witness_timestamp) }]);
    // Without the witness key its line is merely unverified, and the log's signature still suffices.
    t.is(openCheckpoint(note, { log: logVerifier }).unverified.length, 1);
    // The witness alone verifies the note as a signed note, but a checkpoint needs the log.
    t.is(openNote(note, [witnessVerifier]).verified.length, 1);
    t.is(t.throws(() => openCheckpoint(note, { log: witnessVerifier, origin: f.origin }), { instanceOf: LogError })?.code, 'log.note.key_malformed');
    const otherLogKey = verifierFromKey(ed25519NoteSigner(f.origin, new Uint8Array(32).fill(9)).verifierKey);
    t.is(t.throws(() => openCheckpoint(note, { log: otherLogKey, witnesses: [witnessVerifier] }), { instanceOf: LogError })?.code, 'log.checkpoint.unsigned');
  }
  const otherLog = ed25519NoteSigner(f.origin, new Uint8Array(32).fill(9));
  t.is(t.throws(() => openCheckpoint(f.checkpoint_8_signed, { log: verifierFromKey(otherLog.verifierKey) }), { instanceOf: LogError })?.code, 'log.note.unverified');
  t.is(t.throws(() => openCheckpoint(f.checkpoint_8_signed, { log: logVerifier, origin: 'example.org/other' }), { instanceOf: LogError })?.code, 'log.checkpoint.origin_mismatch');
});

test('a witness line swapped onto the other checkpoint fails verification', (t) => {
  const witness7 = f.checkpoint_7_cosigned.split('\n').find((l) => l.startsWith('\u2014 witness'))!;
  const forged = `${f.checkpoint_8_signed}${witness7}\n`;
  const error = t.throws(() => openCheckpoint(forged, { log: logVerifier, witnesses: [witnessVerifier] }), { instanceOf: LogError });
  t.is(error?.code, 'log.note.bad_signature');
});

test('inclusion_size_8: every audit path verifies and equals ours', (t) => {
  const root = b64(f.root_8_b64);
  t.is(f.inclusion_size_8.length, 8);
  for (const v of f.inclusion_size_8) {
    const index = BigInt(v.index);
    const proof = v.proof_b64.map(b64);
    t.notThrows(() => verifyInclusion({ leafHash: leafHash(hex(v.leaf_hex)), index, treeSize: BigInt(v.size), proof, root }));
    t.deepEqual(tree.inclusionProof(index, 8n).map((h) => Buffer.from(h).toString('base64')), v.proof_b64);
  }
});

test('consistency_7_8 verifies, equals ours, and fails against a wrong old root', (t) => {
  const proof = f.consistency_7_8_b64.map(b64);
  t.notThrows(() => verifyConsistency({ size1: 7n, size2: 8n, root1: b64(f.root_7_b64), root2: b64(f.root_8_b64), proof }));
  t.deepEqual(tree.consistencyProof(7n, 8n).map((h) => Buffer.from(h).toString('base64')), f.consistency_7_8_b64);
  const error = t.throws(() => verifyConsistency({ size1: 7n, size2: 8n, root1: emptyRoot(), root2: b64(f.root_8_b64), proof }), { instanceOf: LogError });
  t.is(error?.code, 'log.proof.root_mismatch');
});

test('tlog_proof_index_5 is reproduced byte for byte and verifies offline with the pinned keys', (t) => {
  const cosigned = addSignatures(signCheckpoint({ origin: f.origin, size: 8n, root: tree.root(8n), extensions: [] }, [logSigner]), [witnessSigner]);
  const file = formatTlogProof({
    extra: new TextEncoder().encode('urn:example:credential:5'),
    index: 5n,
    proof: tree.inclusionProof(5n, 8n),
    checkpoint: cosigned,
  });
  t.is(file, f.tlog_proof_index_5);
  const leaf5 = leafHash(hex(f.leaves_hex[5]!));
  const verified = verifyTlogProof(f.tlog_proof_index_5, leaf5, { log: logVerifier, witnesses: [witnessVerifier] });
  t.is(verified.index, 5n);
  t.is(new TextDecoder().decode(verified.extra), 'urn:example:credential:5');
  t.is(verified.checkpoint.size, 8n);
  t.is(verified.cosignatures.length, 1);
  t.is(formatTlogProof(parseTlogProof(f.tlog_proof_index_5)), f.tlog_proof_index_5, 'parse/format round trip');
});
