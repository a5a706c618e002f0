import test from 'ava';
import {
  addSignatures,
  ed25519NoteSigner,
  formatSignerKey,
  formatVerifierKey,
  hex8,
  LogError,
  noteKeyId,
  openNote,
  parseCosignatureV1,
  parseNote,
  parseSignerKey,
  parseVerifierKey,
  signerFromKey,
  signNote,
  verifierFromKey,
  type NoteVerifier,
} from '../index.ts';
import { keyObjectCreationCounts } from '../../crypto/keyObjects.ts';
import { b64, vectors } from './tlogVectors.ts';

function codeOf(t: { throws: (fn: () => unknown, expectation?: object) => Error | undefined }, fn: () => unknown): string | undefined {
  return (t.throws(fn, { instanceOf: LogError }) as LogError | undefined)?.code;
}

test('every vkey vector parses to its name, key ID and signature type, and re-formats identically', (t) => {
  t.is(vectors.vkeys.length, 6);
  for (const v of vectors.vkeys) {
    const key = parseVerifierKey(v.vkey);
    t.is(key.name, v.name);
    t.is(hex8(key.keyId), v.key_id_hex);
    t.is(key.type as number, v.signature_type);
    t.is(noteKeyId(key.name, key.type, key.publicKey), key.keyId);
    t.is(formatVerifierKey(key.name, key.type, key.publicKey), v.vkey);
    t.is(verifierFromKey(v.vkey).keyId, key.keyId);
  }
});

for (const [i, v] of vectors.signed_notes.entries()) {
  test(`signed note #${i}: ${v.desc}`, (t) => {
    const verifier = verifierFromKey(v.vkey);
    if (v.want_err) {
      const code = codeOf(t, () => openNote(v.note, [verifier]));
      t.true(code === 'log.note.bad_signature' || code === 'log.note.unverified', code);
    } else {
      const opened = openNote(v.note, [verifier]);
      t.is(opened.verified.length, 1);
      t.is(opened.verified[0]?.name, verifier.name);
      t.is(opened.unverified.length, parseNote(v.note).signatures.length - 1, 'unknown keys are set aside, not failed');
    }
  });
}

test('a known key with a bad signature is bad_signature; a note only by unknown keys is unverified', (t) => {
  const tampered = vectors.signed_notes[1]!;
  t.is(codeOf(t, () => openNote(tampered.note, [verifierFromKey(tampered.vkey)])), 'log.note.bad_signature');
  const peterOnly = vectors.signed_notes[5]!;
  t.is(codeOf(t, () => openNote(peterOnly.note, [verifierFromKey(peterOnly.vkey)])), 'log.note.unverified');
});

test('x/mod TestSign: the signer key string reproduces the published note byte for byte', (t) => {
  const v = vectors.signed_notes.find((n) => n.skey !== undefined)!;
  const signer = signerFromKey(v.skey!);
  t.is(signer.verifierKey, v.vkey);
  t.is(signNote(v.text!, [signer]), v.note);
  const parsed = parseSignerKey(v.skey!);
  t.is(formatSignerKey(parsed.name, parsed.seed), v.skey!);
});

test('signing with several signers lists each, and any one known key opens the note', (t) => {
  const a = ed25519NoteSigner('example.org/a', new Uint8Array(32).fill(1));
  const b = ed25519NoteSigner('example.org/b', new Uint8Array(32).fill(2));
  const note = signNote('hello\n', [a, b]);
  t.is(parseNote(note).signatures.length, 2);
  t.is(openNote(note, [verifierFromKey(b.verifierKey)]).verified[0]?.name, 'example.org/b');
  const both = openNote(note, [verifierFromKey(a.verifierKey), verifierFromKey(b.verifierKey)]);
  t.deepEqual(both.verified.map((s) => s.name), ['example.org/a', 'example.org/b']);
  // Adding a signature keeps the existing lines first; re-signing by the same key replaces its line.
  const c = ed25519NoteSigner('example.org/c', new Uint8Array(32).fill(3));
  const three = addSignatures(note, [c]);
  t.true(three.startsWith(note));
  t.is(addSignatures(three, [a]).split('\n').filter((l) => l.startsWith('\u2014 example.org/a ')).length, 1);
});

test('a signature by a key sharing only the name (or only the ID) of a known key is ignored, not failed', (t) => {
  const known = ed25519NoteSigner('example.org/log', new Uint8Array(32).fill(7));
  const impostor = ed25519NoteSigner('example.org/log', new Uint8Array(32).fill(8));
  const note = signNote('text\n', [impostor, known]);
  const opened = openNote(note, [verifierFromKey(known.verifierKey)]);
  t.is(opened.verified.length, 1);
  t.is(opened.unverified.length, 1);
  t.is(opened.unverified[0]?.keyId, impostor.keyId);
});

test('malformed notes are rejected with log.note.malformed', (t) => {
  const good = vectors.signed_notes[0]!.note;
  const verifier = verifierFromKey(vectors.signed_notes[0]!.vkey);
  const bad: Array<[string, string]> = [
    ['no blank line', good.replace('\n\n', '\n')],
    ['no final newline', good.slice(0, -1)],
    ['no signatures', 'text\n\n'],
    ['hyphen instead of em dash', good.replace('\u2014', '-')],
    ['no space before signature', good.replace('example.com/foo ', 'example.com/foo')],
    ['control character', good.replace('This', 'Th\tis')],
    ['carriage return', good.replace('message.\n', 'message.\r\n')],
    ['non-canonical base64', good.replace('IneyaQM=', 'IneyaQM')],
    ['base64 with junk', good.replace('Uw2QOkn8', 'Uw2Q*kn8')],
    ['signature shorter than 5 bytes', 'text\n\n\u2014 a AAAAAA==\n'],
    ['key name with plus', 'text\n\n\u2014 a+b AAAAAAA=\n'],
    ['lone surrogate', `te\uD800xt\n\n\u2014 a AAAAAAA=\n`],
    ['101 signatures', `text\n\n${'\u2014 a AAAAAAA=\n'.repeat(101)}`],
  ];
  for (const [why, note] of bad) t.is(codeOf(t, () => openNote(note, [verifier])), 'log.note.malformed', why);
  t.is(codeOf(t, () => openNote(new Uint8Array([0x74, 0xff, 0x0a, 0x0a]), [verifier])), 'log.note.malformed', 'invalid UTF-8 bytes');
  t.is(codeOf(t, () => signNote('no newline', [ed25519NoteSigner('x', new Uint8Array(32))])), 'log.note.malformed');
});

test('opening from UTF-8 bytes equals opening from the string', (t) => {
  const v = vectors.signed_notes[0]!;
  t.is(openNote(new TextEncoder().encode(v.note), [verifierFromKey(v.vkey)]).text, openNote(v.note, [verifierFromKey(v.vkey)]).text);
});

test('malformed verifier and signer keys are log.note.key_malformed', (t) => {
  const good = vectors.vkeys[0]!.vkey;
  const [name, id, key] = good.split('+') as [string, string, string];
  const badVkeys = [
    `${name}+${id}`,
    `${name}+${id}+${key}x`,
    `+${id}+${key}`,
    `${name}+${id.slice(1)}+${key}`,
    `${name}+00000000+${key}`,
    `${name}+${id}+${key.slice(0, -4)}`,
    `${name}+${id}+${Buffer.from([0x02, ...new Uint8Array(32)]).toString('base64')}`,
    `exa mple+${id}+${key}`,
  ];
  for (const vkey of badVkeys) t.is(codeOf(t, () => parseVerifierKey(vkey)), 'log.note.key_malformed', vkey);
  const skey = vectors.end_to_end_fixture.log_skey;
  for (const bad of [skey.replace('PRIVATE', 'PUBLIC'), skey.replace('+0de1a23f+', '+0de1a23e+'), skey.slice(0, -4), skey.replace('+Ae', '+Ag')]) {
    t.is(codeOf(t, () => parseSignerKey(bad)), 'log.note.key_malformed', bad);
  }
});

test('cosignature/v1 signature field: key ID, big-endian timestamp, 64-byte signature', (t) => {
  const v = vectors.cosignature_timestamp;
  const field = b64(v.signature_b64);
  t.is(hex8(new DataView(field.buffer, field.byteOffset).getUint32(0)), v.key_id_hex);
  const parsed = parseCosignatureV1(field.subarray(4));
  t.is(parsed.timestamp, BigInt(v.timestamp));
  t.is(parsed.signature.length, 64);
  t.is(codeOf(t, () => parseCosignatureV1(field.subarray(5))), 'log.note.malformed');
});

test('the type-0x04 witness key verifies nothing as a plain Ed25519 note key', (t) => {
  const remora = verifierFromKey(vectors.vkeys.find((k) => k.signature_type === 4)!.vkey) satisfies NoteVerifier;
  t.false(remora.verify(new TextEncoder().encode('x\n'), new Uint8Array(64)));
});

test('signing and verifying reuse the KeyObjects made with the signer and verifier', (t) => {
  const signer = ed25519NoteSigner('example.org/reuse', new Uint8Array(32).fill(11));
  const verifier = verifierFromKey(signer.verifierKey);
  const before = keyObjectCreationCounts();
  for (let i = 0; i < 20; i += 1) openNote(signNote(`note ${i}\n`, [signer]), [verifier]);
  t.deepEqual(keyObjectCreationCounts(), before);
});
