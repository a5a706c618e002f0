import test from 'ava';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { didKeyFromSeed } from '../../core/crypto/didKey.ts';
import { DEFAULT_SCRYPT_PARAMS } from '../../core/crypto/keyEncryption.ts';
import { loadWalletConfig } from '../config.ts';
import { WalletError } from '../errors.ts';
import { createWalletFile, unlockHolderKey } from '../keystore.ts';
import { runCli } from '../run.ts';
import { walletFileSchema } from '../store/schemas.ts';
import { WalletStore } from '../store/walletStore.ts';
import { PASSPHRASE, tempDir } from './helpers/cli.ts';
import { testRuntime } from './helpers/runtime.ts';

const cheap = { N: 2 ** 14, r: 8, p: 1 };

test('the holder key opens with its passphrase and is the wallet DID; the seed is not in the file', async (t) => {
  const key = didKeyFromSeed(new Uint8Array(32).fill(3));
  const { wallet } = await createWalletFile(PASSPHRASE, { params: cheap, now: new Date('2026-01-01T00:00:00Z'), key });
  t.is(wallet.did, key.did);
  t.true(walletFileSchema.safeParse(wallet).success);
  t.false(JSON.stringify(wallet).includes(key.secretKeyMultibase()));
  t.false(JSON.stringify(wallet).includes(Buffer.from(key.seed()).toString('base64url')));
  const opened = await unlockHolderKey(wallet, PASSPHRASE, 'wallet.json');
  t.is(opened.did, key.did);
});

test('a wrong passphrase is wallet.passphrase.wrong (exit 1) with one readable sentence', async (t) => {
  const { wallet } = await createWalletFile(PASSPHRASE, { params: cheap, now: new Date() });
  const error = await t.throwsAsync(() => unlockHolderKey(wallet, 'not the passphrase', '/x/wallet.json'), { instanceOf: WalletError });
  t.is(error?.code, 'wallet.passphrase.wrong');
  t.is(error?.exitCode, 1);
  t.is(error?.message, 'wrong passphrase: the holder key in /x/wallet.json did not open');
});

test('a wallet.json whose DID was swapped does not open (the DID is bound as AAD)', async (t) => {
  const { wallet } = await createWalletFile(PASSPHRASE, { params: cheap, now: new Date() });
  const other = didKeyFromSeed(new Uint8Array(32).fill(4));
  await t.throwsAsync(() => unlockHolderKey({ ...wallet, did: other.did }, PASSPHRASE, 'wallet.json'), { instanceOf: WalletError, message: /wrong passphrase/ });
});

test('production wallets use core/crypto\'s default scrypt cost; the test cost only comes from RADWALLET_TEST_SCRYPT_LOG2N', async (t) => {
  t.is(loadWalletConfig({ RADWALLET_HOME: '/tmp/x' }).scryptParams, undefined);
  t.deepEqual(loadWalletConfig({ RADWALLET_HOME: '/tmp/x', RADWALLET_TEST_SCRYPT_LOG2N: '14' }).scryptParams, cheap);
  t.throws(() => loadWalletConfig({ RADWALLET_TEST_SCRYPT_LOG2N: '10' }), { message: /14 to 20/ });
  const { wallet } = await createWalletFile(PASSPHRASE, { params: undefined, now: new Date() });
  t.is(wallet.holderKey.N, DEFAULT_SCRYPT_PARAMS.N);
});

test('init in-process: directory 0700, wallet.json 0600, refuses a second init before asking for a passphrase', async (t) => {
  const home = path.join(await tempDir(t), 'wallet');
  const runtime = testRuntime(home);
  t.is(await runCli(['init', '--json'], runtime), 0);
  const printed = JSON.parse(runtime.terminal.stdout.join('\n')) as { did: string; home: string };
  t.is(printed.home, home);
  t.is((await stat(home)).mode & 0o777, 0o700);
  t.is((await stat(path.join(home, 'credentials'))).mode & 0o777, 0o700);
  t.is((await stat(path.join(home, 'wallet.json'))).mode & 0o777, 0o600);
  const stored = walletFileSchema.parse(JSON.parse(await readFile(path.join(home, 'wallet.json'), 'utf8')));
  t.is(stored.did, printed.did);

  const again = testRuntime(home, { passphrase: undefined });
  t.is(await runCli(['init'], again), 1);
  t.deepEqual(again.terminal.stderr, [`radwallet: a wallet already exists at ${home} (choose another RADWALLET_HOME, or restore into an empty one with import)`]);
  t.is((await new WalletStore(home).readWallet()).did, printed.did);
});

test('non-interactive without RADWALLET_PASSPHRASE: exit 2 naming the variable; a short passphrase: exit 2', async (t) => {
  const home = path.join(await tempDir(t), 'wallet');
  const noPassphrase = testRuntime(home, { passphrase: undefined });
  t.is(await runCli(['init'], noPassphrase), 2);
  t.deepEqual(noPassphrase.terminal.stderr, ['radwallet: a passphrase is needed: set RADWALLET_PASSPHRASE or run radwallet on a terminal']);
  const weak = testRuntime(home, { passphrase: 'short' });
  t.is(await runCli(['init'], weak), 2);
  t.deepEqual(weak.terminal.stderr, ['radwallet: the passphrase must have at least 8 characters']);
  t.false(await new WalletStore(home).exists());
});
