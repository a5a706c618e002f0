import test from 'ava';
import { ed25519NoteSigner, emptyRoot, formatCheckpoint, LogError, openCheckpoint, parseCheckpoint, parseNote, signCheckpoint, verifierFromKey } from '../index.ts';
import { vectors } from './tlogVectors.ts';

function codeOf(t: { throws: (fn: () => unknown, e?: object) => Error | undefined }, fn: () => unknown): string | undefined {
  return (t.throws(fn, { instanceOf: LogError }) as LogError | undefined)?.code;
}

test('the C2SP checkpoint example parses (key unpublished: parse only)', (t) => {
  const note = parseNote(vectors.checkpoint_example.text);
  t.is(note.signatures[0]?.name, 'example.com/behind-the-sofa');
  const checkpoint = parseCheckpoint(note.text);
  t.is(checkpoint.origin, 'example.com/behind-the-sofa');
  t.is(checkpoint.size, 20852163n);
  t.is(Buffer.from(checkpoint.root).toString('base64'), 'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=');
  t.deepEqual(checkpoint.extensions, []);
  t.is(formatCheckpoint(checkpoint), note.text);
});

test('sizes up to 2^64-1 survive exactly; extension lines round-trip', (t) => {
  const checkpoint = { origin: 'example.org/log', size: 18446744073709551615n, root: emptyRoot(), extensions: ['ext one', 'ext two'] };
  const text = formatCheckpoint(checkpoint);
  t.is(text.split('\n')[1], '18446744073709551615');
  t.deepEqual(parseCheckpoint(text), checkpoint);
});

test('malformed checkpoint texts are log.checkpoint.malformed', (t) => {
  const root = Buffer.from(emptyRoot()).toString('base64');
  const bad = [
    `o\n1\n${root}`, // no final newline
    `o\n1\n`, // two lines
    `\n1\n${root}\n`, // empty origin
    `o\n01\n${root}\n`, // leading zero
    `o\n+1\n${root}\n`, // sign
    `o\n-1\n${root}\n`,
    `o\n1.0\n${root}\n`,
    `o\n 1\n${root}\n`,
    `o\n18446744073709551616\n${root}\n`, // 2^64
    `o\n1\n${root.slice(0, -1)}\n`, // bad base64
    `o\n1\n${Buffer.alloc(31).toString('base64')}\n`, // 31-byte root
    `o\n1\n${root}\n\n`, // empty extension line
  ];
  for (const text of bad) t.is(codeOf(t, () => parseCheckpoint(text)), 'log.checkpoint.malformed', JSON.stringify(text));
  t.is(codeOf(t, () => formatCheckpoint({ origin: 'o', size: -1n, root: emptyRoot(), extensions: [] })), 'log.checkpoint.malformed');
  t.is(codeOf(t, () => formatCheckpoint({ origin: 'o', size: 1n, root: new Uint8Array(31), extensions: [] })), 'log.checkpoint.malformed');
});

test('sign then open returns the checkpoint; a tampered size or root is caught', (t) => {
  const signer = ed25519NoteSigner('radcred.localhost/log', new Uint8Array(32).fill(5));
  const log = verifierFromKey(signer.verifierKey);
  const checkpoint = { origin: 'radcred.localhost/log', size: 42n, root: emptyRoot(), extensions: [] };
  const signed = signCheckpoint(checkpoint, [signer]);
  t.deepEqual(openCheckpoint(signed, { log }).checkpoint, checkpoint);
  t.is(codeOf(t, () => openCheckpoint(signed.replace('\n42\n', '\n43\n'), { log })), 'log.note.bad_signature');
  // A well-signed note whose text is not a checkpoint is still refused.
  const notCheckpoint = signCheckpoint(checkpoint, [signer]).replace(/^[^]*?\n\n/, '');
  t.is(codeOf(t, () => openCheckpoint(notCheckpoint, { log })), 'log.note.malformed');
});
