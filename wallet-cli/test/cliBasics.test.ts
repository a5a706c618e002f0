import test from 'ava';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runCli } from '../run.ts';
import { errorLine, runRadwallet, tempDir } from './helpers/cli.ts';
import { testRuntime } from './helpers/runtime.ts';

const COMMANDS = ['init', 'did', 'receive', 'list', 'show', 'check', 'refresh', 'present', 'export', 'import', 'remove'];

test('the binary\'s --help documents environment, exit codes and every command; each command\'s --help has an example', async (t) => {
  const home = path.join(await tempDir(t), 'wallet');
  const top = await runRadwallet(['--help'], { home });
  t.is(top.code, 0);
  for (const needle of ['RADWALLET_HOME', 'RADWALLET_PASSPHRASE', 'NO_COLOR', 'Exit codes', 'Example']) t.true(top.stdout.includes(needle), needle);
  for (const command of COMMANDS) t.true(top.stdout.includes(`  ${command}`), `top help lists ${command}`);
  // Each command's help in-process (the same program object the binary runs; a subprocess each would cost ~1 s).
  for (const command of COMMANDS) {
    const runtime = testRuntime(home);
    t.is(await runCli([command, '--help'], runtime), 0, command);
    t.regex(runtime.terminal.stdout.join('\n'), /Examples:\n {2}\$ radwallet /, `${command} --help has an example`);
  }
});

test('usage errors exit 2: unknown command (binary), unknown option and missing arguments (in-process)', async (t) => {
  const home = path.join(await tempDir(t), 'wallet');
  const unknown = await runRadwallet(['frobnicate'], { home });
  t.is(unknown.code, 2);
  t.regex(unknown.stderr, /^error: unknown command 'frobnicate'/m);
  t.is(unknown.stdout, '');
  for (const args of [['list', '--frob'], ['show'], ['export'], ['present', '--challenge', 'c']]) {
    const runtime = testRuntime(home);
    t.is(await runCli(args, runtime), 2, args.join(' '));
    t.is(runtime.terminal.stdout.length, 0);
    t.true(runtime.terminal.stderr.length > 0);
  }
});

test('init, did, list through the real binary: files and modes, no colour in a pipe, one-line errors', async (t) => {
  const home = path.join(await tempDir(t), 'wallet');
  const init = await runRadwallet(['init'], { home });
  t.is(init.code, 0, init.stderr);
  const did = /Your DID: (did:key:z6Mk\w+)/.exec(init.stdout)?.[1];
  t.truthy(did);
  t.false(init.stdout.includes('\u001b['), 'no ANSI escapes when stdout is not a terminal');
  t.is((await stat(home)).mode & 0o777, 0o700);
  t.is((await stat(path.join(home, 'wallet.json'))).mode & 0o777, 0o600);

  const didResult = await runRadwallet(['did'], { home, env: { RADWALLET_PASSPHRASE: undefined } });
  t.is(didResult.code, 0);
  t.is(didResult.stdout, `${did}\n`);
  const didJson = testRuntime(home);
  t.is(await runCli(['did', '--json'], didJson), 0);
  t.is((JSON.parse(didJson.terminal.stdout.join('\n')) as { did: string }).did, did ?? '');

  const list = testRuntime(home, { passphrase: undefined });
  t.is(await runCli(['list', '--json'], list), 0);
  t.deepEqual(JSON.parse(list.terminal.stdout.join('\n')), []);

  const again = await runRadwallet(['init'], { home });
  t.is(again.code, 1);
  t.regex(errorLine(t, again), /a wallet already exists at/);
});

test('a wrong passphrase is one clear line and exit 1', async (t) => {
  const dir = await tempDir(t);
  const home = path.join(dir, 'wallet');
  t.is(await runCli(['init'], testRuntime(home)), 0);
  const result = await runRadwallet(['export', '-o', path.join(dir, 'backup.json')], { home, env: { RADWALLET_PASSPHRASE: 'definitely wrong' } });
  t.is(result.code, 1);
  t.is(result.stderr, `radwallet: wrong passphrase: the holder key in ${path.join(home, 'wallet.json')} did not open\n`);
  t.is(result.stdout, '');
});

test('no wallet, a damaged wallet.json, a bad environment value: one line each, exit 1 / 2', async (t) => {
  const home = path.join(await tempDir(t), 'wallet');
  const missing = testRuntime(home);
  t.is(await runCli(['list'], missing), 1);
  t.deepEqual(missing.terminal.stderr, [`radwallet: no wallet at ${home}: run "radwallet init" first (or set RADWALLET_HOME)`]);

  t.is(await runCli(['init'], testRuntime(home)), 0);
  const walletFile = path.join(home, 'wallet.json');
  const original = await readFile(walletFile, 'utf8');
  await writeFile(walletFile, original.slice(0, original.length / 2));
  const damaged = await runRadwallet(['did'], { home });
  t.is(damaged.code, 1);
  t.is(errorLine(t, damaged), `radwallet: ${walletFile} is not valid JSON (damaged or edited by hand)`);

  const badEnv = await runRadwallet(['did'], { home, env: { RADWALLET_HTTP_TIMEOUT_MS: 'soon' } });
  t.is(badEnv.code, 2);
  t.regex(badEnv.stderr, /^radwallet: RADWALLET_HTTP_TIMEOUT_MS must be/);
});
