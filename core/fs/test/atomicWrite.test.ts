import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { writeFileAtomic } from '../atomicWrite.ts';

async function scratchDir(t: ExecutionContext): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'radcred-atomic-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test('writes the content with mode 0600 and leaves no temporary file', async (t) => {
  const dir = await scratchDir(t);
  const file = path.join(dir, 'secret.json');
  await writeFileAtomic(file, '{"a":1}');
  t.is(await readFile(file, 'utf8'), '{"a":1}');
  t.is((await stat(file)).mode & 0o777, 0o600);
  t.deepEqual(await readdir(dir), ['secret.json']);
});

test('replaces an existing file whole and tightens its mode', async (t) => {
  const dir = await scratchDir(t);
  const file = path.join(dir, 'wallet.json');
  await writeFile(file, 'old content that is longer than the new one', { mode: 0o644 });
  await writeFileAtomic(file, 'new');
  t.is(await readFile(file, 'utf8'), 'new');
  t.is((await stat(file)).mode & 0o777, 0o600);
});

test('a failed write leaves the previous file intact', async (t) => {
  const dir = await scratchDir(t);
  const file = path.join(dir, 'missing-dir', 'x.json');
  await t.throwsAsync(writeFileAtomic(file, 'data'));
  const good = path.join(dir, 'good.json');
  await writeFileAtomic(good, 'v1');
  // A directory where the file should be makes rename fail after the temp file was written.
  const blocked = path.join(dir, 'blocked');
  await writeFileAtomic(path.join(dir, 'blocked-sibling'), 'x');
  await mkdir(path.join(blocked, 'child'), { recursive: true });
  await t.throwsAsync(writeFileAtomic(blocked, 'data'));
  t.is(await readFile(good, 'utf8'), 'v1');
  t.false((await readdir(dir)).some((name) => name.endsWith('.tmp')), 'no temporary file is left behind');
});
